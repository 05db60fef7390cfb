import { beforeEach, expect, it } from 'vitest';
import { balances } from '../../src/billing/ledger.ts';
import { DAY, HOUR, MINUTE } from '../../src/clock.ts';
import { setPrice } from '../../src/pricing/prices.ts';
import { DROP, PRICE, T0, uniqueName, world } from './world.ts';

// The main road: placed, activated 3 days before the drop with a hold, processing 2 hours before,
// sent once, and settled by the registrar's answer after the drop.

const w = await world();
beforeEach(() => w.clock.set(T0));
const afterDrop = new Date(DROP.getTime() + 10 * MINUTE);

it('a single catch: hold at activation, one application, invoice from the hold, domain owned', async () => {
  const customer = await w.customer(5000n);
  const fqdn = uniqueName('single');
  const id = await w.place(customer, fqdn);
  w.upstream.outcome(fqdn, 'SUCCESSFUL');

  expect(await w.pass(new Date(T0.getTime() + HOUR))).toMatchObject({ activated: 1, errors: 0 });
  expect(await w.bo(id)).toMatchObject({ status: 'ACTIVE', hold: { amount: PRICE, status: 'HELD' } });
  expect(await balances(w.db.prisma, customer)).toMatchObject({
    balance: 5000n,
    held: PRICE,
    available: 4000n,
  });

  expect(await w.pass(new Date(DROP.getTime() - HOUR))).toMatchObject({ processing: 1, sent: 1, errors: 0 });
  const sent = await w.bo(id);
  expect(w.upstream.adds.map((a) => a.reference)).toEqual([String(id)]);
  expect(sent).toMatchObject({
    status: 'PROCESSING',
    applicationState: 'SENT',
    registrarRef: w.upstream.adds[0]!.application,
  });

  // Before the registrar settles nothing changes, however often the pass runs.
  expect(await w.pass(new Date(DROP.getTime() + MINUTE))).toMatchObject({ caught: 0, failed: 0 });
  expect(await w.pass(afterDrop)).toMatchObject({ caught: 1, errors: 0 });
  const done = await w.bo(id);
  expect(done).toMatchObject({ status: 'SUCCESSFUL', openKey: null, hold: { status: 'CAPTURED' } });
  const invoice = await w.db.prisma.invoice.findUniqueOrThrow({ where: { backorderId: id } });
  expect(invoice).toMatchObject({ total: PRICE, status: 'PAID', customerId: customer });
  expect(JSON.parse(invoice.lines)).toEqual([{ description: `FULL BACKORDER: ${fqdn}`, amount: '1000' }]);
  expect(done.invoiceId).toBe(invoice.id);
  expect(await w.db.prisma.ownedDomain.findUnique({ where: { backorderId: id } })).toMatchObject({
    customerId: customer,
    fqdn,
    registrar: w.upstream.registrar.kind,
    createdAt: new Date('2027-03-03T12:00:00Z'),
  });
  expect(await balances(w.db.prisma, customer)).toMatchObject({ balance: 4000n, held: 0n, available: 4000n });

  expect(await w.eventsOf(id)).toEqual([
    'backorder.placed',
    'backorder.activated',
    'backorder.processing',
    'backorder.caught',
    'staff.caught',
  ]);
  const community = (await w.events('community.caught')).filter((e) => e.payload.fqdn === fqdn);
  expect(community.map((e) => e.payload)).toEqual([{ fqdn, auction: false }]);
  const logs = await w.db.prisma.log.findMany({ where: { backorderId: id }, orderBy: { id: 'asc' } });
  expect(logs.map((l) => l.job)).toEqual(['backorder', 'lifecycle', 'lifecycle', 'lifecycle', 'lifecycle']);
  expect(logs.every((l) => l.level === 'ok' && l.fqdn === fqdn)).toBe(true);

  // Later passes find nothing left to do.
  expect(await w.pass(new Date(afterDrop.getTime() + DAY))).toMatchObject({ caught: 0, failed: 0, sent: 0 });
  w.expectOneApplicationEach();
  await w.invariant();
});

it('a lost name: FAILED and the hold released', async () => {
  const customer = await w.customer(1000n);
  const fqdn = uniqueName('lost');
  const id = await w.place(customer, fqdn);
  w.upstream.outcome(fqdn, 'FAILED');
  await w.pass(new Date(T0.getTime() + HOUR));
  await w.pass(new Date(DROP.getTime() - HOUR));
  expect(await w.pass(afterDrop)).toMatchObject({ failed: 1, caught: 0 });
  expect(await w.bo(id)).toMatchObject({ status: 'FAILED', openKey: null, hold: { status: 'RELEASED' } });
  expect(await balances(w.db.prisma, customer)).toMatchObject({ balance: 1000n, held: 0n, available: 1000n });
  const failed = (await w.events('backorder.failed')).find((e) => e.payload.backorderId === id);
  expect(failed?.payload).toMatchObject({
    reasonCode: 'lost',
    reason: 'the name went to someone else',
    released: { amount: '1000', currency: 'USD' },
  });
  const [log] = await w.db.prisma.log.findMany({
    where: { backorderId: id },
    orderBy: { id: 'desc' },
    take: 1,
  });
  expect(log!.message).toBe('PROCESSING → FAILED: the name went to someone else; hold of 10.00 USD released');
  // A finished backorder does not block a new one for the same name.
  await w.list(fqdn, new Date(DROP.getTime() + 30 * DAY));
  await expect(w.backorders.place(customer, fqdn)).resolves.toMatchObject({ status: 'REQUESTED' });
  await w.invariant();
});

it('charges the price snapshot taken at activation, not a later price', async () => {
  const customer = await w.customer(5000n);
  const fqdn = uniqueName('snapshot');
  const id = await w.place(customer, fqdn);
  w.upstream.outcome(fqdn, 'SUCCESSFUL');
  await w.pass(new Date(T0.getTime() + HOUR));
  await setPrice(w.db.prisma, 'com', 'USD', 2500n);
  try {
    await w.pass(new Date(DROP.getTime() - HOUR));
    await w.pass(afterDrop);
  } finally {
    await setPrice(w.db.prisma, 'com', 'USD', PRICE);
  }
  const invoice = await w.db.prisma.invoice.findUniqueOrThrow({ where: { backorderId: id } });
  expect(invoice.total).toBe(PRICE);
  expect(await balances(w.db.prisma, customer)).toMatchObject({ balance: 4000n, held: 0n });
  await w.invariant();
});

it('the price at activation counts, even when it changed after placing', async () => {
  const customer = await w.customer(5000n);
  const fqdn = uniqueName('repriced');
  const id = await w.place(customer, fqdn);
  await setPrice(w.db.prisma, 'com', 'USD', 1200n);
  try {
    await w.pass(new Date(T0.getTime() + HOUR));
  } finally {
    await setPrice(w.db.prisma, 'com', 'USD', PRICE);
  }
  expect(await w.bo(id)).toMatchObject({ status: 'ACTIVE', price: PRICE, hold: { amount: 1200n } });
  expect((await w.backorders.get(id)).price).toBe(1200n);
});

it('several of our backorders on a caught name: AUCTION-PENDING for all and a private auction', async () => {
  const fqdn = uniqueName('contested');
  const a = await w.customer(5000n);
  const b = await w.customer(5000n);
  const ida = await w.place(a, fqdn);
  const idb = await w.place(b, fqdn);
  w.upstream.outcome(fqdn, 'SUCCESSFUL');
  await w.pass(new Date(T0.getTime() + HOUR));
  await w.pass(new Date(DROP.getTime() - HOUR));
  expect(await w.pass(afterDrop)).toMatchObject({ auctions: 1, caught: 0 });
  const [ra, rb] = [await w.bo(ida), await w.bo(idb)];
  expect([ra.status, rb.status]).toEqual(['AUCTION-PENDING', 'AUCTION-PENDING']);
  expect(ra.auctionId).not.toBeNull();
  expect(rb.auctionId).toBe(ra.auctionId);
  const auction = await w.db.prisma.auction.findUniqueOrThrow({ where: { id: ra.auctionId! } });
  expect(auction).toMatchObject({ fqdn, status: 'OPEN', endsAt: new Date(afterDrop.getTime() + 3 * DAY) });
  const pending = (await w.events('backorder.auction-pending')).filter((e) => e.payload.fqdn === fqdn);
  expect(pending.map((e) => [e.customerId, e.payload.auctionId])).toEqual([
    [a, auction.id],
    [b, auction.id],
  ]);
  expect(
    (await w.events('community.caught')).filter((e) => e.payload.fqdn === fqdn).map((e) => e.payload),
  ).toEqual([{ fqdn, auction: true }]);
  // Both holds stay until the auction closes (the auctions module settles them).
  expect([ra.hold?.status, rb.hold?.status]).toEqual(['HELD', 'HELD']);
  expect(await w.pass(new Date(afterDrop.getTime() + 5 * MINUTE))).toMatchObject({ auctions: 0, caught: 0 });
  w.expectOneApplicationEach();
  await w.invariant();
});

it('placed just before its finalization deadline: activated, processing and sent in the next pass', async () => {
  const customer = await w.customer(1000n);
  const fqdn = uniqueName('late');
  const drop = new Date(T0.getTime() + 2 * HOUR + MINUTE);
  const id = await w.place(customer, fqdn, drop);
  expect(await w.pass(new Date(T0.getTime() + 2 * MINUTE))).toMatchObject({
    activated: 1,
    processing: 1,
    sent: 1,
  });
  expect(await w.bo(id)).toMatchObject({ status: 'PROCESSING', applicationState: 'SENT' });
});

it('refuses to place within 2 hours of the drop (the finalization deadline), naming it', async () => {
  const customer = await w.customer(1000n);
  const fqdn = uniqueName('too-late');
  const drop = new Date(T0.getTime() + HOUR);
  await expect(w.place(customer, fqdn, drop)).rejects.toMatchObject({
    code: 'FINALIZED',
    message: `too late: orders and cancellations for ${fqdn} closed at 2027-03-01 11:00 UTC (the finalization deadline)`,
    details: { finalizesAt: '2027-03-01T11:00:00.000Z', time: '2027-03-01 11:00 UTC' },
  });
  expect(await w.db.prisma.backorder.count({ where: { fqdn } })).toBe(0);
});

it('refuses a customer cancel after the finalization deadline even before the pass moves it on, naming it; money untouched', async () => {
  const customer = await w.customer(1000n);
  const fqdn = uniqueName('cancel-late');
  const id = await w.place(customer, fqdn, new Date(T0.getTime() + 2 * HOUR + MINUTE));
  w.clock.set(new Date(T0.getTime() + 2 * MINUTE));
  try {
    await expect(w.backorders.cancel(id, { by: 'customer', customerId: customer })).rejects.toMatchObject({
      code: 'FINALIZED',
      message: `too late: orders and cancellations for ${fqdn} closed at 2027-03-01 12:01 UTC (the finalization deadline)`,
    });
    expect(await w.bo(id)).toMatchObject({ status: 'REQUESTED' });
    await w.invariant();
  } finally {
    w.clock.set(T0);
  }
});
