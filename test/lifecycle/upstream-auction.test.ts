import { beforeEach, expect, it } from 'vitest';
import { balances } from '../../src/billing/ledger.ts';
import { DAY, HOUR, MINUTE } from '../../src/clock.ts';
import { DROP, PRICE, T0, uniqueName, world } from './world.ts';

// With HEXONET the registrar may run its own auction for a caught name: the backorder follows it
// (link and end shown), and the registrar's final word settles it: won = the backorder price charged
// from the hold and the name owned; lost = released.

const w = await world();
beforeEach(() => w.clock.set(T0));
const endsAt = new Date(DROP.getTime() + 3 * DAY);
const auction = { url: 'https://auction.example/lot/1', endsAt, bestBid: '120 USD' };

async function inUpstreamAuction(prefix: string) {
  const customer = await w.customer(3000n);
  const fqdn = uniqueName(prefix);
  const id = await w.place(customer, fqdn);
  w.upstream.outcome(fqdn, 'AUCTION-PENDING', auction);
  await w.pass(new Date(T0.getTime() + HOUR));
  await w.pass(new Date(DROP.getTime() - HOUR));
  expect(await w.pass(new Date(DROP.getTime() + 10 * MINUTE))).toMatchObject({ auctions: 1 });
  return { customer, fqdn, id };
}

it('follows the registrar auction, then charges the backorder price when won', async () => {
  const { customer, fqdn, id } = await inUpstreamAuction('upstream-won');
  const pending = await w.bo(id);
  expect(pending).toMatchObject({
    status: 'AUCTION-PENDING',
    upstreamStatus: 'AUCTION-PENDING',
    hold: { status: 'HELD' },
  });
  const row = await w.db.prisma.auction.findUniqueOrThrow({ where: { id: pending.auctionId! } });
  expect(row).toMatchObject({
    fqdn,
    status: 'UPSTREAM',
    upstreamUrl: auction.url,
    endsAt,
    upstreamBestBid: '120 USD',
  });
  const [shown] = (await w.events('backorder.auction-pending')).filter((e) => e.payload.backorderId === id);
  expect(shown?.payload).toEqual({
    backorderId: id,
    fqdn,
    auctionId: row.id,
    endsAt: endsAt.toISOString(),
    url: auction.url,
  });
  await expect(w.backorders.cancel(id, { by: 'customer' })).rejects.toMatchObject({
    code: 'NOT_CANCELLABLE',
  });

  // Still running: the best bid moves, nothing else.
  w.upstream.outcome(fqdn, 'AUCTION-PENDING', { ...auction, bestBid: '150 USD' });
  expect(await w.pass(new Date(DROP.getTime() + DAY))).toMatchObject({ caught: 0, auctions: 0, errors: 0 });
  expect((await w.db.prisma.auction.findUniqueOrThrow({ where: { id: row.id } })).upstreamBestBid).toBe(
    '150 USD',
  );

  w.upstream.outcome(fqdn, 'AUCTION-WON');
  expect(await w.pass(new Date(endsAt.getTime() + HOUR))).toMatchObject({ caught: 1 });
  expect(await w.bo(id)).toMatchObject({
    status: 'AUCTION-WON',
    openKey: null,
    hold: { status: 'CAPTURED' },
  });
  expect(await w.db.prisma.auction.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
    status: 'CLOSED',
    winnerBackorderId: id,
    price: PRICE,
  });
  expect(await w.db.prisma.ownedDomain.findUnique({ where: { backorderId: id } })).toMatchObject({
    customerId: customer,
    fqdn,
  });
  expect(await balances(w.db.prisma, customer)).toMatchObject({ balance: 3000n - PRICE, held: 0n });
  expect(await w.eventsOf(id)).toEqual([
    'backorder.placed',
    'backorder.activated',
    'backorder.processing',
    'backorder.auction-pending',
    'auction.won',
    'staff.caught',
  ]);
  expect(await w.pass(new Date(endsAt.getTime() + 2 * HOUR))).toMatchObject({ caught: 0 });
  await w.invariant();
});

it('releases the hold when the registrar auction is lost', async () => {
  const { customer, fqdn, id } = await inUpstreamAuction('upstream-lost');
  w.upstream.outcome(fqdn, 'AUCTION-LOST');
  await w.pass(new Date(endsAt.getTime() + HOUR));
  expect(await w.bo(id)).toMatchObject({ status: 'AUCTION-LOST', hold: { status: 'RELEASED' } });
  expect(await balances(w.db.prisma, customer)).toMatchObject({ balance: 3000n, held: 0n, available: 3000n });
  const [lost] = (await w.events('auction.lost')).filter((e) => e.payload.backorderId === id);
  expect(lost?.payload).toMatchObject({ amount: String(PRICE), currency: 'USD' });
  await w.invariant();
});
