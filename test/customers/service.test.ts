import { beforeAll, expect, it } from 'vitest';
import { billingService } from '../../src/billing/service.ts';
import { fixedClock } from '../../src/clock.ts';
import { customersService } from '../../src/customers/service.ts';
import type { Db } from '../../src/db/client.ts';
import { freshDb } from '../helpers/db.ts';
import { assertLedgerInvariant } from '../helpers/ledger.ts';

// The services the edges call: every change with its audit row in the same transaction.

const clock = fixedClock('2026-04-01T09:00:00Z');
let db: Db;
beforeAll(async () => {
  db = await freshDb();
});

const logs = (job: string) => db.prisma.log.findMany({ where: { job }, orderBy: { id: 'asc' } });

it('logs a created customer, a first contact once, and an update', async () => {
  const svc = customersService(db, clock, { currency: 'USD', language: 'en' });
  const c = await svc.create({ name: 'Dora' }, 'cli');
  const input = { platform: 'telegram' as const, externalId: '9', name: 'Tele' };
  const first = await svc.findOrCreateByIdentity(input);
  const again = await svc.findOrCreateByIdentity(input);
  expect([first.created, again.created]).toEqual([true, false]);
  await svc.update(c.id, { language: 'de' }, 'slack:U1');
  expect((await logs('customer')).map((l) => [l.message, l.actor])).toEqual([
    [`customer ${c.id} "Dora" created (USD, en)`, 'cli'],
    [`customer ${first.customer.id} "Tele" created on first contact via telegram`, 'telegram:9'],
    [`customer ${c.id} updated: language`, 'slack:U1'],
  ]);
  expect((await svc.find('telegram:9')).id).toBe(first.customer.id);
});

it('credits by reference and text amount, with an audit row, once per idempotency key', async () => {
  const customers = customersService(db, clock, { currency: 'EUR', language: 'en' });
  const billing = billingService(db, clock);
  const c = await customers.create({ name: 'Credit Me' });
  const r = await billing.credit({
    customer: 'Credit Me',
    amount: '12.5',
    currency: 'eur',
    note: ' bank ',
    actor: 'cli',
  });
  expect(r.created).toBe(true);
  expect(r.entry).toMatchObject({
    amount: 1250n,
    currency: 'EUR',
    actor: 'cli',
    note: 'bank',
    kind: 'DEPOSIT',
  });
  expect(r.balances).toMatchObject({ balance: 1250n, available: 1250n });
  const paid = {
    customer: c.id,
    amount: 100n,
    currency: 'EUR',
    actor: 'telegram-payments',
    idempotencyKey: 'tg:charge:1',
  };
  expect((await billing.credit(paid)).created).toBe(true);
  expect((await billing.credit(paid)).created).toBe(false);
  expect((await billing.balances(c.id)).balance).toBe(1350n);
  expect((await logs('credit')).map((l) => l.message)).toEqual([
    `credited 12.50 EUR to customer ${c.id} "Credit Me": bank`,
    `credited 1.00 EUR to customer ${c.id} "Credit Me"`,
  ]);
  await expect(
    billing.credit({ customer: c.id, amount: '1', currency: 'USD', actor: 'cli' }),
  ).rejects.toMatchObject({
    code: 'CURRENCY_MISMATCH',
  });
  await expect(
    billing.credit({ customer: c.id, amount: '0', currency: 'EUR', actor: 'cli' }),
  ).rejects.toMatchObject({
    code: 'INVALID_INPUT',
  });
  expect((await logs('credit')).length).toBe(2);
  expect((await billing.ledger(c.id)).map((e) => e.amount)).toEqual([100n, 1250n]);
  await assertLedgerInvariant(db, c.id);
});
