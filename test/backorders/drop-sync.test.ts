import { beforeEach, expect, it } from 'vitest';
import { balances } from '../../src/billing/ledger.ts';
import { DAY, HOUR } from '../../src/clock.ts';
import { DROP, T0, uniqueName, world } from '../lifecycle/world.ts';

// Drop-date sync: open backorders follow the imported list; the customer hears when the drop time
// moves or the name leaves the list, once each; a delisted name keeps its last drop time so the
// stale sweep ends it 2 days later.

const w = await world();
beforeEach(() => w.clock.set(T0));

it('a moved drop time is taken over and announced once', async () => {
  const customer = await w.customer(0n);
  const fqdn = uniqueName('moved');
  const id = await w.place(customer, fqdn);
  const later = new Date(DROP.getTime() + 6 * HOUR);
  await w.list(fqdn, later);
  expect(await w.backorders.syncDropDates(T0)).toMatchObject({ changed: 1, delisted: 0 });
  expect((await w.bo(id)).dropAt).toEqual(later);
  expect(await w.backorders.syncDropDates(T0)).toMatchObject({ changed: 0 });
  const changed = (await w.events('droptime.changed')).filter((e) => e.payload.backorderId === id);
  expect(changed.map((e) => e.payload)).toEqual([
    { backorderId: id, fqdn, oldDropAt: DROP.toISOString(), newDropAt: later.toISOString() },
  ]);
  const [log] = await w.db.prisma.log.findMany({ where: { backorderId: id, job: 'droplist-sync' } });
  expect(log?.message).toMatch(/changed from/);
});

it('a name that appears in the list gets its drop time; the engine then activates it', async () => {
  const customer = await w.customer(1000n);
  const fqdn = uniqueName('appears');
  const id = await w.place(customer, fqdn, null);
  await w.pass(new Date(T0.getTime() + HOUR));
  expect((await w.bo(id)).status).toBe('REQUESTED');
  await w.list(fqdn, DROP);
  expect(await w.backorders.syncDropDates(T0)).toMatchObject({ changed: 1 });
  const [e] = (await w.events('droptime.changed')).filter((x) => x.payload.backorderId === id);
  expect(e?.payload).toMatchObject({ oldDropAt: null, newDropAt: DROP.toISOString() });
  await w.pass(new Date(T0.getTime() + 2 * HOUR));
  expect((await w.bo(id)).status).toBe('ACTIVE');
});

it('a delisted name: announced once, its drop time kept, and swept 2 days after it', async () => {
  const customer = await w.customer(5000n);
  const fqdn = uniqueName('delisted');
  const id = await w.place(customer, fqdn);
  await w.list(uniqueName('still-listed'));
  await w.pass(new Date(T0.getTime() + HOUR));
  expect((await w.bo(id)).status).toBe('ACTIVE');
  await w.unlist(fqdn);
  expect(await w.backorders.syncDropDates(T0)).toMatchObject({ delisted: 1 });
  expect(await w.backorders.syncDropDates(T0)).toMatchObject({ delisted: 0 });
  expect((await w.bo(id)).dropAt).toEqual(DROP);
  expect(
    (await w.events('droplist.delisted')).filter((e) => e.payload.backorderId === id).map((e) => e.payload),
  ).toEqual([{ backorderId: id, fqdn, oldDropAt: DROP.toISOString() }]);
  // No pass runs in its processing window here; 2 days after the kept drop time the sweep ends it.
  await w.pass(new Date(DROP.getTime() + 2 * DAY - HOUR));
  expect((await w.bo(id)).status).toBe('ACTIVE');
  await w.pass(new Date(DROP.getTime() + 2 * DAY + HOUR));
  expect(await w.bo(id)).toMatchObject({ status: 'FAILED', hold: { status: 'RELEASED' } });
  expect(
    (await w.events('backorder.failed')).find((e) => e.payload.backorderId === id)?.payload,
  ).toMatchObject({ reasonCode: 'not-sent' });
  expect(await balances(w.db.prisma, customer)).toMatchObject({ held: 0n, available: 5000n });
  await w.invariant();
});

it('an empty drop list (no import yet) changes nothing', async () => {
  const empty = await world();
  const customer = await empty.customer(0n);
  const id = await empty.place(customer, 'listed-then-cleared.com');
  await empty.db.prisma.dropDomain.deleteMany();
  expect(await empty.backorders.syncDropDates(T0)).toEqual({ checked: 0, changed: 0, delisted: 0 });
  expect((await empty.bo(id)).dropAt).toEqual(DROP);
});
