import { beforeEach, expect, it } from 'vitest';
import { balances } from '../../src/billing/ledger.ts';
import { HOUR } from '../../src/clock.ts';
import { T0, uniqueName, world } from './world.ts';

// Short of funds at activation: the backorder waits in REQUESTED, and the customer gets one notice
// per 24 hours listing every short-funded backorder and what is missing; a top-up activates them.

const w = await world();
beforeEach(() => w.clock.set(T0));
const at = (hours: number) => new Date(T0.getTime() + hours * HOUR);

it('one notice per 24 h listing all short-funded backorders; a top-up activates them', async () => {
  const customer = await w.customer(1500n);
  const other = await w.customer(0n);
  const names = [uniqueName('early'), uniqueName('middle'), uniqueName('late')];
  const ids = [];
  for (const [i, fqdn] of names.entries()) ids.push(await w.place(customer, fqdn, at(30 + i)));
  const otherId = await w.place(other, uniqueName('poor'), at(40));
  // One backorder per transaction: the notice must still list the customer's backorders of every chunk.
  const engine = w.engine({ chunkSize: 1 });

  expect(await w.pass(at(1), engine)).toMatchObject({ activated: 1, lowBalance: 3 });
  expect((await w.bo(ids[0]!)).status).toBe('ACTIVE');
  expect((await w.bo(ids[1]!)).status).toBe('REQUESTED');
  const notices = await w.events('balance.low');
  expect(notices.map((n) => n.customerId)).toEqual([customer, other]);
  expect(notices[0]!.payload).toEqual({
    currency: 'USD',
    available: '500',
    missing: '1500',
    items: [
      { backorderId: ids[1], fqdn: names[1], dropAt: at(31).toISOString(), price: '1000', missing: '500' },
      { backorderId: ids[2], fqdn: names[2], dropAt: at(32).toISOString(), price: '1000', missing: '1000' },
    ],
  });
  expect(notices[1]!.payload).toMatchObject({
    available: '0',
    missing: '1000',
    items: [{ backorderId: otherId, missing: '1000' }],
  });

  // Passes within 24 hours: still short, no second notice.
  expect(await w.pass(at(2), engine)).toMatchObject({ activated: 0, lowBalance: 3 });
  expect(await w.events('balance.low')).toHaveLength(2);

  // A top-up covering one more: the earlier drop is served first; the last one stays short, quietly.
  await w.topUp(customer, 1000n);
  expect(await w.pass(at(3), engine)).toMatchObject({ activated: 1, lowBalance: 2 });
  expect((await w.bo(ids[1]!)).status).toBe('ACTIVE');
  expect((await w.bo(ids[2]!)).status).toBe('REQUESTED');
  expect(await w.events('balance.low')).toHaveLength(2);

  // A day after the first notice: one more, listing what is still short.
  await w.pass(at(25), engine);
  const again = (await w.events('balance.low')).slice(2);
  expect(again.map((n) => [n.customerId, n.payload.missing, (n.payload.items as unknown[]).length])).toEqual([
    [customer, '500', 1],
    [other, '1000', 1],
  ]);
  expect(
    (await w.db.prisma.customer.findUniqueOrThrow({ where: { id: customer } })).lowBalanceNotifiedAt,
  ).toEqual(at(25));

  await w.topUp(customer, 500n);
  expect(await w.pass(at(26), engine)).toMatchObject({ activated: 1, lowBalance: 1 });
  expect(await balances(w.db.prisma, customer)).toMatchObject({ balance: 3000n, held: 3000n, available: 0n });
  await w.invariant();
});

it('a REQUESTED backorder whose drop passed 2 days ago without funds is failed by the sweep', async () => {
  const customer = await w.customer(0n);
  const id = await w.place(customer, uniqueName('never-funded'), at(10));
  await w.pass(at(1));
  expect((await w.bo(id)).status).toBe('REQUESTED');
  expect(await w.pass(at(10 + 47))).toMatchObject({ failed: 0 });
  expect(await w.pass(at(10 + 49))).toMatchObject({ failed: 1 });
  expect(await w.bo(id)).toMatchObject({ status: 'FAILED', openKey: null, hold: null });
  expect(
    (await w.events('backorder.failed')).find((e) => e.payload.backorderId === id)?.payload,
  ).toMatchObject({
    reasonCode: 'no-funds',
    released: null,
  });
});
