import { beforeAll, describe, expect, it } from 'vitest';
import { balances } from '../../src/billing/ledger.ts';
import { DAY } from '../../src/clock.ts';
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

describe('opening an auction', () => {
  it('is idempotent: a re-run pass gets the same auction and writes nothing new', async () => {
    const fqdn = uniqueName();
    const [a, b] = [await customer(db, 10000n), await customer(db, 10000n)];
    const ids = [
      await pendingBackorder(db, a, fqdn, { ageDays: 4 }),
      await pendingBackorder(db, b, fqdn, { ageDays: 1 }),
    ];
    const first = await open(db, fqdn, ids);
    const counts = async () => ({
      auctions: await db.prisma.auction.count({ where: { fqdn } }),
      bids: await db.prisma.bid.count({ where: { auctionId: first.auctionId } }),
      outbox: await db.prisma.outbox.count(),
      logs: await db.prisma.log.count({ where: { fqdn } }),
    });
    const before = await counts();
    expect(await open(db, fqdn, ids, new Date(T0.getTime() + 5 * 60_000))).toEqual(first);
    expect(await open(db, fqdn, [ids[1]!], new Date(T0.getTime() + DAY))).toEqual(first);
    expect(await counts()).toEqual(before);
    expect(before).toMatchObject({ auctions: 1, bids: 2 });
    await invariant(db, a, b);
  });

  it('two passes opening at once make one auction', async () => {
    const fqdn = uniqueName();
    const [a, b] = [await customer(db, 10000n), await customer(db, 10000n)];
    const ids = [
      await pendingBackorder(db, a, fqdn, { ageDays: 4 }),
      await pendingBackorder(db, b, fqdn, { ageDays: 1 }),
    ];
    const results = await Promise.allSettled([open(db, fqdn, ids), open(db, fqdn, ids)]);
    const [auction] = await db.prisma.auction.findMany({ where: { fqdn } });
    expect(await db.prisma.auction.count({ where: { fqdn } })).toBe(1);
    // serialized (SQLite) the second sees the first's auction; racing (PostgreSQL) it rolls back
    for (const r of results) {
      if (r.status === 'fulfilled') expect(r.value.auctionId).toBe(auction!.id);
      else expect(r.reason).toMatchObject({ code: 'CONFLICT' });
    }
    expect(await db.prisma.bid.count({ where: { auctionId: auction!.id } })).toBe(2);
    expect(await outbox(db, 'auction.opened', fqdn)).toHaveLength(2);
  });

  it('honours a step and a length given by the caller', async () => {
    const fqdn = uniqueName();
    const [a, b] = [await customer(db, 10000n), await customer(db, 10000n)];
    const ids = [
      await pendingBackorder(db, a, fqdn, { ageDays: 4 }),
      await pendingBackorder(db, b, fqdn, { ageDays: 1 }),
    ];
    const r = await db.tx((tx) =>
      auctions(db).openAuction(tx, {
        fqdn,
        backorders: ids.map((id) => ({ id })),
        at: T0,
        step: 100n,
        days: 1,
      }),
    );
    expect(r.endsAt).toEqual(new Date(T0.getTime() + DAY));
    expect(await auctions(db).auctionState(r.auctionId, b)).toMatchObject({
      step: 100n,
      nextMinimumBid: 5100n,
    });
  });

  it('refuses backorders that are not waiting for an auction or are for another name', async () => {
    const fqdn = uniqueName();
    const [a, b] = [await customer(db, 10000n), await customer(db, 10000n)];
    const boA = await pendingBackorder(db, a, fqdn, { ageDays: 4 });
    const boB = await pendingBackorder(db, b, fqdn, { ageDays: 1 });
    const other = await pendingBackorder(db, b, uniqueName(), { ageDays: 1 });
    await expect(open(db, fqdn, [boA, other])).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await db.prisma.backorder.update({ where: { id: boB }, data: { status: 'PROCESSING' } });
    await expect(open(db, fqdn, [boA, boB])).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(open(db, fqdn, [boA, 999999])).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(open(db, fqdn, [])).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    // nothing half-done is left behind
    expect(await db.prisma.auction.count({ where: { fqdn } })).toBe(0);
    expect((await db.prisma.backorder.findUniqueOrThrow({ where: { id: boA } })).auctionId).toBeNull();
  });
});

describe('participants in another currency', () => {
  it('the auction runs in the earliest backorder currency; the others lose at once and are released', async () => {
    const fqdn = uniqueName();
    const usd1 = await customer(db, 10000n, 'USD');
    const eur = await customer(db, 10000n, 'EUR');
    const usd2 = await customer(db, 10000n, 'USD');
    const boUsd1 = await pendingBackorder(db, usd1, fqdn, { ageDays: 6 });
    const boEur = await pendingBackorder(db, eur, fqdn, { ageDays: 4, price: 4500n });
    const boUsd2 = await pendingBackorder(db, usd2, fqdn, { ageDays: 2 });
    const { auctionId } = await open(db, fqdn, [boEur, boUsd2, boUsd1]);

    expect(await auctions(db).auctionState(auctionId)).toMatchObject({ currency: 'USD', participants: 2 });
    expect(await db.prisma.backorder.findUniqueOrThrow({ where: { id: boEur } })).toMatchObject({
      status: 'AUCTION-LOST',
      auctionId,
      openKey: null,
      finishedAt: T0,
    });
    expect((await hold(db, boEur)).status).toBe('RELEASED');
    expect(await balances(db.prisma, eur)).toMatchObject({ currency: 'EUR', held: 0n, available: 10000n });
    expect((await outbox(db, 'auction.lost', fqdn)).map((o) => o.customerId)).toEqual([eur]);
    expect((await outbox(db, 'auction.opened', fqdn)).map((o) => o.customerId)).toEqual([usd1, usd2]);
    await expect(
      auctions(db).placeBid({ auctionId, customerId: eur, maxAmount: '60', at: T0 }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await invariant(db, usd1, eur, usd2);
  });

  it('left with one participant, it wins at its backorder price at once', async () => {
    const fqdn = uniqueName();
    const eur = await customer(db, 10000n, 'EUR');
    const usd = await customer(db, 10000n, 'USD');
    const boEur = await pendingBackorder(db, eur, fqdn, { ageDays: 6, price: 4500n });
    const boUsd = await pendingBackorder(db, usd, fqdn, { ageDays: 2 });
    const { auctionId, endsAt } = await open(db, fqdn, [boEur, boUsd]);
    expect(endsAt).toEqual(T0);
    expect(await db.prisma.auction.findUniqueOrThrow({ where: { id: auctionId } })).toMatchObject({
      currency: 'EUR',
      status: 'CLOSED',
      winnerBackorderId: boEur,
      price: 4500n,
    });
    expect(
      (await db.prisma.backorder.findMany({ where: { fqdn }, orderBy: { id: 'asc' } })).map((r) => r.status),
    ).toEqual(['AUCTION-WON', 'AUCTION-LOST']);
    expect(await balances(db.prisma, eur)).toMatchObject({ balance: 5500n, held: 0n });
    expect(await balances(db.prisma, usd)).toMatchObject({ balance: 10000n, held: 0n });
    expect(await outbox(db, 'auction.opened', fqdn)).toEqual([]);
    expect(await outbox(db, 'community.auction', fqdn)).toEqual([]);
    expect((await outbox(db, 'auction.won', fqdn)).map((o) => o.customerId)).toEqual([eur]);
    await invariant(db, eur, usd);
  });
});

describe('different backorder prices in one currency', () => {
  it('a backorder held at a higher price (placed after a price rise) opens with that higher bid', async () => {
    const fqdn = uniqueName();
    const [early, late] = [await customer(db, 10000n), await customer(db, 10000n)];
    const boEarly = await pendingBackorder(db, early, fqdn, { ageDays: 6, price: 5000n });
    const boLate = await pendingBackorder(db, late, fqdn, { ageDays: 1, price: 6000n });
    const { auctionId } = await open(db, fqdn, [boEarly, boLate]);
    // the later one leads, and would pay its own backorder price: never less than it agreed to
    expect(await auctions(db).auctionState(auctionId, early)).toMatchObject({
      leading: false,
      currentPrice: 6000n,
      nextMinimumBid: 6500n,
    });
    expect(await auctions(db).auctionState(auctionId, late)).toMatchObject({
      leading: true,
      yourMax: 6000n,
      yourBackorderId: boLate,
    });
    await invariant(db, early, late);
  });
});
