import { beforeEach, describe, expect, it } from 'vitest';
import { auctionsService } from '../../src/auctions/service.ts';
import { balances } from '../../src/billing/ledger.ts';
import { DAY, HOUR, MINUTE } from '../../src/clock.ts';
import { setPrice } from '../../src/pricing/prices.ts';
import { permanent } from './registrar-double.ts';
import { DROP, LITE_PRICE, onCnr, PRICE, settings, T0, uniqueName, type World, world } from './world.ts';

// Backorder Lite through the real lifecycle engine: regular backorders of a name come first, Lite
// ones are never in our auction, among Lite ones the earliest wins at its price. On a registrar
// without a Lite class (the sandbox's and HEXONET's case) a Lite backorder goes to the registrar only
// when no regular backorder of ours does; on one with it (cnr) every backorder goes, Lite ones as
// Lite. Money is checked to the unit in each case, and the ledger invariant after each.

const ACTIVATE = new Date(T0.getTime() + HOUR);
const SEND = new Date(DROP.getTime() - HOUR);
const NEXT = new Date(SEND.getTime() + 5 * MINUTE);
const RESULT = new Date(DROP.getTime() + 10 * MINUTE);

const without = await world();
const withLite = await world({ liteClass: true });
beforeEach(() => {
  without.clock.set(T0);
  withLite.clock.set(T0);
});

const FUNDS = 5000n;

async function money(w: World, customer: number) {
  const b = await balances(w.db.prisma, customer);
  return { balance: b.balance, held: b.held, available: b.available };
}

async function failure(w: World, id: number) {
  return (await w.events('backorder.failed')).find((e) => e.payload.backorderId === id)?.payload;
}

/** the applications the registrar received for these backorders: reference and class */
const sent = (w: World, ...ids: number[]) =>
  w.upstream.adds
    .filter((a) => ids.map(String).includes(a.reference))
    .map((a) => ({ reference: Number(a.reference), lite: a.lite === true }));

// CNR has a Lite class: with TEST_REGISTRAR=cnr only the second part applies.
describe.skipIf(onCnr)('a registrar without a Lite class', () => {
  const w = without;

  it('regular and Lite on a caught name: only the regular is sent and charged; the Lite loses, released', async () => {
    const fqdn = uniqueName('mixed-caught');
    const [lite, regular] = [await w.customer(FUNDS), await w.customer(FUNDS)];
    // the Lite one is placed first: priority is by class, not by time
    const l = await w.place(lite, fqdn, DROP, { lite: true });
    const r = await w.place(regular, fqdn);
    w.upstream.outcome(fqdn, 'SUCCESSFUL');

    expect(await w.pass(ACTIVATE)).toMatchObject({ activated: 2, errors: 0 });
    expect(await w.bo(l)).toMatchObject({ lite: true, price: LITE_PRICE, hold: { amount: LITE_PRICE } });
    expect(await money(w, lite)).toEqual({ balance: FUNDS, held: LITE_PRICE, available: FUNDS - LITE_PRICE });

    expect(await w.pass(SEND)).toMatchObject({ processing: 2, sent: 1, errors: 0 });
    expect(await w.pass(NEXT)).toMatchObject({ sent: 0 });
    expect(sent(w, l, r)).toEqual([{ reference: r, lite: false }]);
    expect(await w.bo(l)).toMatchObject({
      status: 'PROCESSING',
      applicationState: 'NONE',
      registrarRef: null,
    });

    expect(await w.pass(RESULT)).toMatchObject({ caught: 1, failed: 1, auctions: 0, errors: 0 });
    expect(await w.bo(r)).toMatchObject({
      status: 'SUCCESSFUL',
      hold: { status: 'CAPTURED', amount: PRICE },
    });
    expect(await w.bo(l)).toMatchObject({ status: 'FAILED', openKey: null, hold: { status: 'RELEASED' } });
    expect(await failure(w, l)).toMatchObject({
      reasonCode: 'outranked',
      released: { amount: String(LITE_PRICE), currency: 'USD' },
    });
    expect(await money(w, regular)).toEqual({ balance: FUNDS - PRICE, held: 0n, available: FUNDS - PRICE });
    expect(await money(w, lite)).toEqual({ balance: FUNDS, held: 0n, available: FUNDS });
    expect(await w.db.prisma.auction.count({ where: { fqdn } })).toBe(0);
    expect(await w.eventsOf(l)).toEqual([
      'backorder.placed',
      'backorder.activated',
      'backorder.processing',
      'backorder.failed',
    ]);
    w.expectOneApplicationEach();
    await w.invariant();
  });

  it('regular and Lite on a lost name: the Lite, never sent, fails with the regular in the same pass', async () => {
    const fqdn = uniqueName('mixed-lost');
    const [regular, lite] = [await w.customer(FUNDS), await w.customer(FUNDS)];
    const r = await w.place(regular, fqdn);
    const l = await w.place(lite, fqdn, DROP, { lite: true });
    w.upstream.outcome(fqdn, 'FAILED');
    await w.pass(ACTIVATE);
    await w.pass(SEND);
    expect(await w.pass(RESULT)).toMatchObject({ failed: 2, caught: 0, errors: 0 });
    expect(sent(w, l, r)).toEqual([{ reference: r, lite: false }]);
    expect((await failure(w, r))?.reasonCode).toBe('lost');
    expect(await failure(w, l)).toMatchObject({
      reasonCode: 'lost',
      released: { amount: String(LITE_PRICE), currency: 'USD' },
    });
    for (const c of [regular, lite])
      expect(await money(w, c)).toEqual({ balance: FUNDS, held: 0n, available: FUNDS });
    expect(await w.pass(new Date(RESULT.getTime() + DAY))).toMatchObject({ sent: 0, failed: 0 });
    await w.invariant();
  });

  it('a regular the registrar refused leaves the name to the Lite one: sent next pass, caught, charged the Lite price', async () => {
    const fqdn = uniqueName('refused-then-lite');
    const [regular, lite] = [await w.customer(FUNDS), await w.customer(FUNDS)];
    const r = await w.place(regular, fqdn);
    const l = await w.place(lite, fqdn, DROP, { lite: true });
    w.upstream.outcome(fqdn, 'SUCCESSFUL');
    await w.pass(ACTIVATE);
    w.upstream.failNext('add', permanent(541, 'invalid value'));
    expect(await w.pass(SEND)).toMatchObject({ sent: 0, failed: 1 });
    expect((await failure(w, r))?.reasonCode).toBe('refused');
    expect(await w.pass(NEXT)).toMatchObject({ sent: 1, errors: 0 });
    // sent with the Lite flag, which a registrar without a Lite class takes as a regular application
    expect(sent(w, l)).toEqual([{ reference: l, lite: true }]);
    expect(await w.pass(RESULT)).toMatchObject({ caught: 1, errors: 0 });
    expect(await w.bo(l)).toMatchObject({
      status: 'SUCCESSFUL',
      hold: { status: 'CAPTURED', amount: LITE_PRICE },
    });
    const invoice = await w.db.prisma.invoice.findUniqueOrThrow({ where: { backorderId: l } });
    expect(invoice).toMatchObject({ total: LITE_PRICE, status: 'PAID', customerId: lite });
    expect(await money(w, lite)).toEqual({
      balance: FUNDS - LITE_PRICE,
      held: 0n,
      available: FUNDS - LITE_PRICE,
    });
    expect(await money(w, regular)).toEqual({ balance: FUNDS, held: 0n, available: FUNDS });
    await w.invariant();
  });

  it('Lite only: every one is sent; the earliest wins at its Lite price, no auction, the later ones are released', async () => {
    const fqdn = uniqueName('lite-only');
    const [first, second, third] = [
      await w.customer(FUNDS),
      await w.customer(FUNDS),
      await w.customer(FUNDS),
    ];
    const a = await w.place(first, fqdn, DROP, { lite: true });
    w.clock.advance(MINUTE);
    const b = await w.place(second, fqdn, DROP, { lite: true });
    w.clock.advance(MINUTE);
    const c = await w.place(third, fqdn, DROP, { lite: true });
    w.upstream.outcome(fqdn, 'SUCCESSFUL');
    await w.pass(ACTIVATE);
    expect(await w.pass(SEND)).toMatchObject({ sent: 3, errors: 0 });
    expect(await w.pass(RESULT)).toMatchObject({ caught: 1, failed: 2, auctions: 0, errors: 0 });
    expect(await w.bo(a)).toMatchObject({
      status: 'SUCCESSFUL',
      hold: { status: 'CAPTURED', amount: LITE_PRICE },
    });
    for (const id of [b, c]) {
      expect(await w.bo(id)).toMatchObject({ status: 'FAILED', hold: { status: 'RELEASED' } });
      expect((await failure(w, id))?.reasonCode).toBe('outranked');
    }
    expect(await w.db.prisma.auction.count({ where: { fqdn } })).toBe(0);
    expect(await money(w, first)).toEqual({
      balance: FUNDS - LITE_PRICE,
      held: 0n,
      available: FUNDS - LITE_PRICE,
    });
    for (const cu of [second, third])
      expect(await money(w, cu)).toEqual({ balance: FUNDS, held: 0n, available: FUNDS });
    w.expectOneApplicationEach();
    await w.invariant();
  });

  it('regular only, two of them and a Lite: the regulars bid in our auction, the Lite is not invited', async () => {
    const fqdn = uniqueName('auction-mix');
    const [x, y, z] = [await w.customer(FUNDS), await w.customer(FUNDS), await w.customer(FUNDS)];
    const rx = await w.place(x, fqdn);
    const l = await w.place(z, fqdn, DROP, { lite: true });
    const ry = await w.place(y, fqdn);
    w.upstream.outcome(fqdn, 'SUCCESSFUL');
    await w.pass(ACTIVATE);
    expect(await w.pass(SEND)).toMatchObject({ sent: 2 });
    expect(await w.pass(RESULT)).toMatchObject({ auctions: 1, failed: 1, caught: 0, errors: 0 });
    const auctionId = (await w.bo(rx)).auctionId!;
    expect((await w.bo(ry)).auctionId).toBe(auctionId);
    expect(await w.bo(l)).toMatchObject({ status: 'FAILED', auctionId: null, hold: { status: 'RELEASED' } });
    expect((await failure(w, l))?.reasonCode).toBe('outranked');
    const auctions = auctionsService(w.db, settings);
    expect(await auctions.auctionState(auctionId)).toMatchObject({ participants: 2, currentPrice: PRICE });
    // y outbids x; the auction closes at its end
    await auctions.placeBid({ auctionId, customerId: y, maxAmount: '15', at: RESULT });
    const end = (await w.db.prisma.auction.findUniqueOrThrow({ where: { id: auctionId } })).endsAt;
    await auctions.closeDue(new Date(end.getTime() + MINUTE));
    expect(await w.bo(ry)).toMatchObject({
      status: 'AUCTION-WON',
      hold: { status: 'CAPTURED', amount: 1500n },
    });
    expect(await w.bo(rx)).toMatchObject({ status: 'AUCTION-LOST', hold: { status: 'RELEASED' } });
    expect(await money(w, y)).toEqual({ balance: FUNDS - 1500n, held: 0n, available: FUNDS - 1500n });
    for (const c of [x, z]) expect(await money(w, c)).toEqual({ balance: FUNDS, held: 0n, available: FUNDS });
    await w.invariant();
  });

  it('a Lite backorder whose zone stopped offering Lite before activation fails, released, with its reason', async () => {
    const fqdn = uniqueName('lite-withdrawn');
    const customer = await w.customer(FUNDS);
    const l = await w.place(customer, fqdn, DROP, { lite: true });
    await setPrice(w.db.prisma, 'com', 'USD', PRICE, 0n);
    try {
      expect(await w.pass(ACTIVATE)).toMatchObject({ failed: 1 });
    } finally {
      await setPrice(w.db.prisma, 'com', 'USD', PRICE, LITE_PRICE);
    }
    expect(await w.bo(l)).toMatchObject({ status: 'FAILED', hold: null });
    expect((await failure(w, l))?.reasonCode).toBe('lite-withdrawn');
    expect(await money(w, customer)).toEqual({ balance: FUNDS, held: 0n, available: FUNDS });
    await w.invariant();
  });
});

describe('a registrar with a Lite class (cnr)', () => {
  const w = withLite;

  it('sends the regular and the Lite one, the Lite as Lite; ours on a caught name go to the regular', async () => {
    const fqdn = uniqueName('cnr-mixed');
    const [lite, regular] = [await w.customer(FUNDS), await w.customer(FUNDS)];
    const l = await w.place(lite, fqdn, DROP, { lite: true });
    const r = await w.place(regular, fqdn);
    w.upstream.outcome(fqdn, 'SUCCESSFUL');
    await w.pass(ACTIVATE);
    expect(await w.pass(SEND)).toMatchObject({ sent: 2, errors: 0 });
    expect(sent(w, l, r).sort((p, q) => p.reference - q.reference)).toEqual([
      { reference: l, lite: true },
      { reference: r, lite: false },
    ]);
    expect(await w.pass(RESULT)).toMatchObject({ caught: 1, failed: 1, auctions: 0, errors: 0 });
    expect(await w.bo(r)).toMatchObject({
      status: 'SUCCESSFUL',
      hold: { status: 'CAPTURED', amount: PRICE },
    });
    expect(await w.bo(l)).toMatchObject({ status: 'FAILED', hold: { status: 'RELEASED' } });
    expect((await failure(w, l))?.reasonCode).toBe('outranked');
    expect(await money(w, regular)).toEqual({ balance: FUNDS - PRICE, held: 0n, available: FUNDS - PRICE });
    expect(await money(w, lite)).toEqual({ balance: FUNDS, held: 0n, available: FUNDS });
    w.expectOneApplicationEach();
    await w.invariant();
  });

  it('a Lite one alone is sent as Lite and, caught, charged the Lite price', async () => {
    const fqdn = uniqueName('cnr-lite');
    const customer = await w.customer(FUNDS);
    const l = await w.place(customer, fqdn, DROP, { lite: true });
    w.upstream.outcome(fqdn, 'SUCCESSFUL');
    await w.pass(ACTIVATE);
    await w.pass(SEND);
    expect(sent(w, l)).toEqual([{ reference: l, lite: true }]);
    expect(await w.pass(RESULT)).toMatchObject({ caught: 1, errors: 0 });
    const invoice = await w.db.prisma.invoice.findUniqueOrThrow({ where: { backorderId: l } });
    expect(invoice.total).toBe(LITE_PRICE);
    expect(await money(w, customer)).toEqual({
      balance: FUNDS - LITE_PRICE,
      held: 0n,
      available: FUNDS - LITE_PRICE,
    });
    await w.invariant();
  });

  it('keeps the deadline in step with the finalization date the registrar reports when it is earlier', async () => {
    const fqdn = uniqueName('cnr-finalizes');
    const customer = await w.customer(FUNDS);
    const id = await w.place(customer, fqdn);
    expect((await w.bo(id)).finalizesAt).toEqual(new Date(DROP.getTime() - 2 * HOUR));
    const registrarDate = new Date(DROP.getTime() - 3 * HOUR);
    w.upstream.finalizes(fqdn, registrarDate);
    await w.pass(ACTIVATE);
    await w.pass(SEND);
    // the first poll after the send (an hour later, just before the drop) reads the registrar's date
    await w.pass(new Date(DROP.getTime() - MINUTE));
    expect((await w.bo(id)).finalizesAt).toEqual(registrarDate);
    // a date later than ours does not move it past ours (the next poll, at the drop)
    w.upstream.finalizes(fqdn, new Date(DROP.getTime() - HOUR));
    await w.pass(new Date(DROP.getTime() + MINUTE));
    expect((await w.bo(id)).finalizesAt).toEqual(new Date(DROP.getTime() - 2 * HOUR));
    expect((await w.backorders.get(id)).finalizesAt).toEqual(new Date(DROP.getTime() - 2 * HOUR));
  });
});
