import { beforeAll, describe, expect, it } from 'vitest';
import { closeAuction } from '../../src/auctions/close.ts';
import { balances } from '../../src/billing/ledger.ts';
import { DAY, HOUR, MINUTE } from '../../src/clock.ts';
import type { Db } from '../../src/db/client.ts';
import { freshDb } from '../helpers/db.ts';
import {
  auctions,
  customer,
  hold,
  invariant,
  open,
  outbox,
  pendingBackorder,
  T0,
  uniqueName,
} from './fixtures.ts';

let db: Db;
beforeAll(async () => {
  db = await freshDb();
});

const at = (ms: number) => new Date(T0.getTime() + ms);

/** The close job at `now`, seen from one auction (the file's other auctions share the database). */
async function closeDue(now: Date, auctionId: number) {
  return (await auctions(db).closeDue(now)).closed.filter((r) => r.auctionId === auctionId);
}

/** Three backorderers of one name at 50.00 USD, oldest first, each with 200.00 USD. */
async function threeWay() {
  const fqdn = uniqueName();
  const [a, b, c] = [await customer(db, 20000n), await customer(db, 20000n), await customer(db, 20000n)];
  const bo = {
    a: await pendingBackorder(db, a, fqdn, { ageDays: 9 }),
    b: await pendingBackorder(db, b, fqdn, { ageDays: 5 }),
    c: await pendingBackorder(db, c, fqdn, { ageDays: 2 }),
  };
  // passed newest first on purpose: the order of the input must not decide who is earliest
  const { auctionId, endsAt } = await open(db, fqdn, [bo.c, bo.b, bo.a]);
  return { fqdn, a, b, c, bo, auctionId, endsAt };
}

describe('an auction with bids', () => {
  it('opens with the backorder prices as opening bids, the earliest leading', async () => {
    const { fqdn, a, b, c, bo, auctionId, endsAt } = await threeWay();
    expect(endsAt).toEqual(at(3 * DAY));
    const state = await auctions(db).auctionState(auctionId, a);
    expect(state).toMatchObject({
      fqdn,
      status: 'OPEN',
      currency: 'USD',
      currentPrice: 5000n,
      step: 500n,
      nextMinimumBid: 5500n,
      bidCount: 0,
      participants: 3,
      leading: true,
      yourMax: 5000n,
      yourBackorderId: bo.a,
    });
    const opened = await outbox(db, 'auction.opened', fqdn);
    expect(opened.map((o) => [o.customerId, o.payload.leading, o.payload.yourMax, o.payload.amount])).toEqual(
      [
        [a, true, '5000', '5000'],
        [b, false, '5000', '5000'],
        [c, false, '5000', '5000'],
      ],
    );
    expect(await outbox(db, 'community.auction', fqdn)).toEqual([
      expect.objectContaining({
        audience: 'COMMUNITY',
        customerId: null,
        payload: { fqdn, endsAt: endsAt.toISOString() },
      }),
    ]);
    const logs = await db.prisma.log.findMany({ where: { fqdn, job: 'auction' } });
    expect(logs.map((l) => l.backorderId).sort()).toEqual([bo.a, bo.b, bo.c].sort());
    await invariant(db, a, b, c);
  });

  it('runs proxy bids to the winner, who is charged the second maximum plus a step', async () => {
    const { fqdn, a, b, c, bo, auctionId, endsAt } = await threeWay();
    const svc = auctions(db);

    // b bids up to 60: leads at a's 50 + 5; a is told it was outbid
    const r1 = await svc.placeBid({ auctionId, customerId: b, maxAmount: '60', at: at(HOUR) });
    expect(r1).toMatchObject({
      leading: true,
      currentPrice: 5500n,
      yourMax: 6000n,
      extended: false,
      nextMinimumBid: 6500n,
    });
    expect((await hold(db, bo.b)).amount).toBe(6000n);
    expect((await outbox(db, 'auction.outbid', fqdn)).map((o) => [o.customerId, o.payload.amount])).toEqual([
      [a, '5500'],
    ]);

    // c must beat the price by a step: 59 is too low, 100 leads at b's 60 + 5
    await expect(
      svc.placeBid({ auctionId, customerId: c, maxAmount: '59', at: at(2 * HOUR) }),
    ).rejects.toMatchObject({
      code: 'BID_TOO_LOW',
      details: { minimum: '60.00', currency: 'USD' },
    });
    const r2 = await svc.placeBid({ auctionId, customerId: c, maxAmount: 10000n, at: at(2 * HOUR) });
    expect(r2).toMatchObject({ leading: true, currentPrice: 6500n });

    // a matches c's maximum: the earlier bid keeps the lead, the price rises to the cap
    const r3 = await svc.placeBid({ auctionId, customerId: a, maxAmount: '100.00', at: at(3 * HOUR) });
    expect(r3).toMatchObject({
      leading: false,
      currentPrice: 10000n,
      yourMax: 10000n,
      nextMinimumBid: 10500n,
    });
    expect((await outbox(db, 'auction.outbid', fqdn)).map((o) => o.customerId)).toEqual([a, b]);

    // what others see: counts and the price, never who or how high
    expect(await svc.auctionState(auctionId)).toEqual({
      id: auctionId,
      fqdn,
      status: 'OPEN',
      startsAt: T0,
      endsAt,
      currency: 'USD',
      currentPrice: 10000n,
      step: 500n,
      nextMinimumBid: 10500n,
      bidCount: 3,
      participants: 3,
      leading: false,
      yourMax: null,
      yourBackorderId: null,
    });
    expect(await svc.auctionState(auctionId, c)).toMatchObject({
      leading: true,
      yourMax: 10000n,
      nextMinimumBid: 10500n,
    });
    // the leader may raise its own maximum; the price does not move
    const r4 = await svc.placeBid({ auctionId, customerId: c, maxAmount: '120', at: at(4 * HOUR) });
    expect(r4).toMatchObject({ leading: true, currentPrice: 10500n, yourMax: 12000n });
    await invariant(db, a, b, c);

    // nothing closes before the end
    expect(await closeDue(new Date(endsAt.getTime() - 1), auctionId)).toEqual([]);
    const [closed] = await closeDue(endsAt, auctionId);
    expect(closed).toMatchObject({ auctionId, winnerBackorderId: bo.c, price: 10500n });

    const invoice = await db.prisma.invoice.findUniqueOrThrow({ where: { backorderId: bo.c } });
    expect(invoice).toMatchObject({
      customerId: c,
      total: 10500n,
      status: 'PAID',
      number: closed!.invoiceNumber,
    });
    expect(JSON.parse(invoice.lines)).toEqual([
      { description: `FULL BACKORDER: ${fqdn} (auction)`, amount: '10500' },
    ]);
    expect(await balances(db.prisma, c)).toMatchObject({ balance: 9500n, held: 0n, available: 9500n });
    expect(await balances(db.prisma, a)).toMatchObject({ balance: 20000n, held: 0n, available: 20000n });
    expect(await balances(db.prisma, b)).toMatchObject({ balance: 20000n, held: 0n, available: 20000n });

    const rows = await db.prisma.backorder.findMany({ where: { fqdn }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.id, r.status, r.openKey, r.finishedAt])).toEqual([
      [bo.a, 'AUCTION-LOST', null, endsAt],
      [bo.b, 'AUCTION-LOST', null, endsAt],
      [bo.c, 'AUCTION-WON', null, endsAt],
    ]);
    expect(rows.find((r) => r.id === bo.c)!.invoiceId).toBe(invoice.id);
    expect(await db.prisma.ownedDomain.findMany({ where: { fqdn } })).toEqual([
      expect.objectContaining({ customerId: c, backorderId: bo.c, registrar: 'sandbox' }),
    ]);
    expect(await db.prisma.auction.findUniqueOrThrow({ where: { id: auctionId } })).toMatchObject({
      status: 'CLOSED',
      winnerBackorderId: bo.c,
      price: 10500n,
      closedAt: endsAt,
    });
    expect((await outbox(db, 'auction.won', fqdn)).map((o) => [o.customerId, o.payload])).toEqual([
      [
        c,
        {
          backorderId: bo.c,
          fqdn,
          amount: '10500',
          currency: 'USD',
          auctionId,
          invoiceNumber: invoice.number,
        },
      ],
    ]);
    expect((await outbox(db, 'auction.lost', fqdn)).map((o) => o.customerId).sort()).toEqual([a, b].sort());
    expect((await outbox(db, 'staff.caught', fqdn)).map((o) => o.payload)).toEqual([
      { backorderId: bo.c, fqdn, amount: '10500', currency: 'USD', customerId: c, auction: true },
    ]);
    expect(await svc.auctionState(auctionId, c)).toMatchObject({
      status: 'CLOSED',
      leading: true,
      currentPrice: 10500n,
      nextMinimumBid: null,
    });
    expect(await svc.auctionState(auctionId, a)).toMatchObject({ leading: false, yourMax: 10000n });
    await invariant(db, a, b, c);
  });

  it('refuses a bid after the end, and closing twice charges once', async () => {
    const { fqdn, a, b, c, auctionId, endsAt } = await threeWay();
    const svc = auctions(db);
    await expect(
      svc.placeBid({ auctionId, customerId: b, maxAmount: '60', at: endsAt }),
    ).rejects.toMatchObject({
      code: 'AUCTION_CLOSED',
    });
    // two instances closing at once: one of them closes it
    const both = await Promise.all([closeDue(endsAt, auctionId), closeDue(endsAt, auctionId)]);
    expect(both.flat()).toHaveLength(1);
    const ledger = await db.prisma.ledgerEntry.count();
    const events = await db.prisma.outbox.count();
    expect(await closeDue(new Date(endsAt.getTime() + MINUTE), auctionId)).toEqual([]);
    // an instance that listed the auction as due before the first close committed
    expect(await db.tx((tx) => closeAuction(tx, auctionId, endsAt, 'sandbox'))).toBeNull();
    expect(await db.prisma.ledgerEntry.count()).toBe(ledger);
    expect(await db.prisma.outbox.count()).toBe(events);
    expect(await db.prisma.invoice.count({ where: { lines: { contains: fqdn } } })).toBe(1);
    // once closed, a bid is refused even with a clock that says otherwise
    await expect(svc.placeBid({ auctionId, customerId: b, maxAmount: '60', at: T0 })).rejects.toMatchObject({
      code: 'AUCTION_CLOSED',
    });
    await invariant(db, a, b, c);
  });

  it('without bids the earliest backorder wins at its backorder price', async () => {
    const { fqdn, a, b, c, bo, auctionId, endsAt } = await threeWay();
    const [closed] = await closeDue(endsAt, auctionId);
    expect(closed).toMatchObject({ auctionId, winnerBackorderId: bo.a, price: 5000n });
    expect(await db.prisma.invoice.findUniqueOrThrow({ where: { backorderId: bo.a } })).toMatchObject({
      total: 5000n,
    });
    expect(await balances(db.prisma, a)).toMatchObject({ balance: 15000n, held: 0n });
    for (const id of [b, c])
      expect(await balances(db.prisma, id)).toMatchObject({ balance: 20000n, held: 0n });
    expect((await outbox(db, 'auction.won', fqdn)).map((o) => o.customerId)).toEqual([a]);
    await invariant(db, a, b, c);
  });
});

describe('refused bids', () => {
  it('a bid beyond the available funds changes nothing', async () => {
    const fqdn = uniqueName();
    const rich = await customer(db, 20000n);
    const poor = await customer(db, 5800n);
    const boRich = await pendingBackorder(db, rich, fqdn, { ageDays: 3 });
    const boPoor = await pendingBackorder(db, poor, fqdn, { ageDays: 1 });
    const { auctionId } = await open(db, fqdn, [boRich, boPoor]);
    const svc = auctions(db);
    // 50 held + 8 more available: 58 is the most poor can bid
    await expect(
      svc.placeBid({ auctionId, customerId: poor, maxAmount: '58.01', at: T0 }),
    ).rejects.toMatchObject({
      code: 'INSUFFICIENT_FUNDS',
    });
    expect((await hold(db, boPoor)).amount).toBe(5000n);
    expect(await svc.auctionState(auctionId, poor)).toMatchObject({
      bidCount: 0,
      leading: false,
      currentPrice: 5000n,
    });
    expect(await svc.placeBid({ auctionId, customerId: poor, maxAmount: '58', at: T0 })).toMatchObject({
      leading: true,
    });
    await invariant(db, rich, poor);
  });

  it('only the backorderers of the name may bid, and only on an auction that exists', async () => {
    const { auctionId, a, b, c } = await threeWay();
    const outsider = await customer(db, 100000n);
    const svc = auctions(db);
    await expect(
      svc.placeBid({ auctionId, customerId: outsider, maxAmount: '500', at: T0 }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(
      svc.placeBid({ auctionId: 999999, customerId: a, maxAmount: '500', at: T0 }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      svc.placeBid({ auctionId, customerId: a, maxAmount: '12.345', at: T0 }),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(svc.placeBid({ auctionId, customerId: a, maxAmount: -5n, at: T0 })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    expect(await svc.auctionState(auctionId, outsider)).toMatchObject({
      leading: false,
      yourMax: null,
      nextMinimumBid: 5500n,
    });
    await invariant(db, a, b, c, outsider);
  });
});

describe('concurrent bids', () => {
  it('are serialized: two bids at the same minimum, one wins the lead and the other is too low', async () => {
    const { a, b, c, bo, auctionId } = await threeWay();
    const svc = auctions(db);
    const results = await Promise.allSettled(
      [b, c].map((customerId) => svc.placeBid({ auctionId, customerId, maxAmount: '55', at: at(HOUR) })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'BID_TOO_LOW' } });
    expect(await svc.auctionState(auctionId)).toMatchObject({ bidCount: 1, currentPrice: 5500n });
    const holds = await Promise.all([bo.b, bo.c].map((id) => hold(db, id)));
    expect(holds.map((h) => h.amount).sort()).toEqual([5000n, 5500n]);
    await invariant(db, a, b, c);
  });
});

describe('anti-sniping', () => {
  it('a bid in the last 5 minutes moves the end 5 minutes later', async () => {
    const { fqdn, a, b, c, bo, auctionId, endsAt } = await threeWay();
    const svc = auctions(db);
    const r1 = await svc.placeBid({
      auctionId,
      customerId: b,
      maxAmount: '60',
      at: new Date(endsAt.getTime() - 5 * MINUTE),
    });
    expect(r1).toMatchObject({ extended: false, endsAt });

    const late = await svc.placeBid({
      auctionId,
      customerId: c,
      maxAmount: '70',
      at: new Date(endsAt.getTime() - 2 * MINUTE),
    });
    const extended = new Date(endsAt.getTime() + 5 * MINUTE);
    expect(late).toMatchObject({ extended: true, endsAt: extended, leading: true });
    expect((await outbox(db, 'auction.outbid', fqdn)).at(-1)).toMatchObject({
      customerId: b,
      payload: { endsAt: extended.toISOString(), amount: '6500' },
    });

    // the old end passes: still open, and b can answer
    expect(await closeDue(endsAt, auctionId)).toEqual([]);
    const answer = await svc.placeBid({
      auctionId,
      customerId: b,
      maxAmount: '90',
      at: new Date(endsAt.getTime() + MINUTE),
    });
    expect(answer).toMatchObject({
      extended: true,
      leading: true,
      endsAt: new Date(extended.getTime() + 5 * MINUTE),
    });

    const [closed] = await closeDue(new Date(extended.getTime() + 5 * MINUTE), auctionId);
    expect(closed).toMatchObject({ winnerBackorderId: bo.b, price: 7500n });
    await invariant(db, a, b, c);
  });
});

describe('ending soon', () => {
  it('tells each participant once, with whether they lead', async () => {
    const { fqdn, a, b, c, auctionId, endsAt } = await threeWay();
    const svc = auctions(db);
    await svc.notifyEndingSoon(new Date(endsAt.getTime() - 2 * HOUR));
    expect(await outbox(db, 'auction.ending', fqdn)).toEqual([]);
    expect(await svc.notifyEndingSoon(new Date(endsAt.getTime() - 30 * MINUTE))).toBeGreaterThanOrEqual(3);
    expect(await svc.notifyEndingSoon(new Date(endsAt.getTime() - 20 * MINUTE))).toBe(0);
    const ending = await outbox(db, 'auction.ending', fqdn);
    expect(ending.map((e) => [e.customerId, e.payload.leading, e.payload.auctionId])).toEqual([
      [a, true, auctionId],
      [b, false, auctionId],
      [c, false, auctionId],
    ]);
  });
});
