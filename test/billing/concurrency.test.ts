import { afterAll, beforeAll, expect, it } from 'vitest';
import { balances, deposit, takeHold } from '../../src/billing/ledger.ts';
import { createCustomer } from '../../src/customers/customers.ts';
import type { Db } from '../../src/db/client.ts';
import { freshDb } from '../helpers/db.ts';
import { assertLedgerInvariant } from '../helpers/ledger.ts';
import { backorderFor } from './fixtures.ts';
import { type RaceProcess, startRaceProcess } from './race-process.ts';

// Two processes spending one balance at the same moment, each with its own client and connection.
// Whatever the interleaving, money must not be spent twice.

const at = new Date('2026-03-01T10:00:00Z');
let db: Db;
let p1: RaceProcess;
let p2: RaceProcess;
beforeAll(async () => {
  db = await freshDb();
  [p1, p2] = await Promise.all([startRaceProcess(db.url), startRaceProcess(db.url)]);
});
afterAll(() => {
  p1?.close();
  p2?.close();
});

async function funded(amount: bigint) {
  const c = await createCustomer(db.prisma, { name: 'race' }, { currency: 'USD', language: 'en' });
  await db.tx((tx) =>
    deposit(tx, { customerId: c.id, amount, currency: 'USD', idempotencyKey: `race:${c.id}`, at }),
  );
  return c.id;
}

it('of two holds whose sum exceeds the balance, exactly one succeeds', async () => {
  for (let round = 0; round < 10; round++) {
    const id = await funded(1000n);
    const [b1, b2] = [await backorderFor(db.prisma, id), await backorderFor(db.prisma, id)];
    const hold = (backorderId: number) => ({
      backorderId,
      customerId: id,
      amount: 600n,
      currency: 'USD',
      at,
    });
    const results = await Promise.all([p1.run('takeHold', hold(b1)), p2.run('takeHold', hold(b2))]);
    expect(results.filter((r) => r.ok)).toEqual([{ ok: true, created: true }]);
    expect(results.find((r) => !r.ok)).toMatchObject({ code: 'INSUFFICIENT_FUNDS' });
    expect(await balances(db.prisma, id)).toMatchObject({ held: 600n, available: 400n });
    await assertLedgerInvariant(db, id);
  }
});

it('two concurrent holds for one backorder make one hold', async () => {
  const id = await funded(1000n);
  const bo = await backorderFor(db.prisma, id);
  const args = { backorderId: bo, customerId: id, amount: 600n, currency: 'USD', at };
  const results = await Promise.all([p1.run('takeHold', args), p2.run('takeHold', args)]);
  expect(results).toEqual(
    expect.arrayContaining([
      { ok: true, created: true },
      { ok: true, created: false },
    ]),
  );
  expect((await balances(db.prisma, id)).held).toBe(600n);
});

it('two concurrent captures of one backorder make one invoice and one charge', async () => {
  const id = await funded(1000n);
  const bo = await backorderFor(db.prisma, id);
  await db.tx((tx) => takeHold(tx, { backorderId: bo, customerId: id, amount: 600n, currency: 'USD', at }));
  const args = { backorderId: bo, description: 'FULL BACKORDER: x.com', at };
  const results = await Promise.all([p1.run('captureHold', args), p2.run('captureHold', args)]);
  expect(results).toEqual(
    expect.arrayContaining([
      { ok: true, created: true },
      { ok: true, created: false },
    ]),
  );
  expect(await db.prisma.invoice.count({ where: { backorderId: bo } })).toBe(1);
  expect(await balances(db.prisma, id)).toMatchObject({ balance: 400n, held: 0n });
  await assertLedgerInvariant(db, id);
});

it('a deposit delivered twice at once is booked once', async () => {
  const id = await funded(1n);
  const args = { customerId: id, amount: 500n, currency: 'USD', idempotencyKey: `pay:${id}`, at };
  const results = await Promise.all([p1.run('deposit', args), p2.run('deposit', args)]);
  expect(results).toEqual(
    expect.arrayContaining([
      { ok: true, created: true },
      { ok: true, created: false },
    ]),
  );
  expect((await balances(db.prisma, id)).balance).toBe(501n);
});
