import { beforeAll, describe, expect, it } from 'vitest';
import { open, pendingBackorder } from '../auctions/fixtures.ts';
import { DE, EN, expectSendable, type Harness, startTelegram, type User, visible } from './harness.ts';

// A private auction among two customers who both backordered a caught name: each sees the price,
// whether they lead and their own maximum (never the other's), bids the next step after a
// confirmation or types a maximum; a customer who does not take part sees nothing of it.

let h: Harness;
let auctionId: number;
const OUTSIDER: User = { id: 3003, first_name: 'Olga', language_code: 'en' };
const mine: Record<number, number> = {};

const customerOf = async (user: User) =>
  (
    await h.core.db.prisma.identity.findUniqueOrThrow({
      where: { platform_externalId: { platform: 'telegram', externalId: String(user.id) } },
    })
  ).customerId;

beforeAll(async () => {
  h = await startTelegram();
  for (const user of [EN, DE, OUTSIDER]) {
    await h.send('/start', user);
    await h.core.billing.credit({
      customer: await customerOf(user),
      amount: '500',
      currency: 'USD',
      actor: 'test',
    });
  }
  // EN backordered first: the older backorder opens ahead
  mine[EN.id] = await pendingBackorder(h.core.db, await customerOf(EN), 'caught.com', {
    price: 5000n,
    ageDays: 5,
  });
  mine[DE.id] = await pendingBackorder(h.core.db, await customerOf(DE), 'caught.com', {
    price: 5000n,
    ageDays: 2,
  });
  ({ auctionId } = await open(h.core.db, 'caught.com', [mine[EN.id]!, mine[DE.id]!], h.clock.now()));
});

describe('the auction in the backorder details', () => {
  it('shows price, position, own maximum and end, with bid buttons', async () => {
    const r = await h.press(`bd:${mine[EN.id]}`, EN);
    expectSendable(r);
    const text = visible(r.text);
    expect(text).toContain('Status: in auction');
    expect(text).toMatch(
      /Auction\nOpen until 2026-12-04 09:00 UTC\.\nCurrent price: \$50\.00 · \d+ bids? · 2 bidders\n✅ You are the highest bidder\./,
    );
    expect(text).toContain('Your maximum: $50.00');
    const bid = h.button(r.replies[0]!, /Bid/);
    expect(bid.callback_data).toMatch(new RegExp(`^ab:${auctionId}:\\d+$`));
    expect(h.button(r.replies[0]!, /maximum/).callback_data).toBe(`am:${auctionId}`);
    // no cancel: the name is caught
    expect(h.buttons(r.replies[0]!).some((b) => b.callback_data.startsWith('bc:'))).toBe(false);
  });

  it('the other bidder sees that someone bids higher, but not how much they would pay', async () => {
    const r = await h.press(`bd:${mine[DE.id]}`, DE);
    const text = visible(r.text);
    expect(text).toContain('Jemand anderes bietet mehr.');
    expect(text).toMatch(/Ihr nächstes Gebot muss mindestens 55,00\s\$ betragen\./);
    expect(text).not.toContain('#' + mine[EN.id]);
  });
});

describe('bidding', () => {
  it('the next-step button asks first, then bids that amount', async () => {
    const details = await h.press(`bd:${mine[DE.id]}`, DE);
    const bid = h.button(details.replies[0]!, /bieten/);
    expect(bid.callback_data).toBe(`ab:${auctionId}:5500`);
    const ask = await h.press(bid.callback_data, DE, details.replies[0]);
    expect(visible(ask.text)).toMatch(/^Bis zu 55,00\s\$ für caught\.com bieten\?/);
    expect(
      await h.core.db.prisma.bid.count({
        where: { auctionId, customerId: await customerOf(DE), maxAmount: 5500n },
      }),
    ).toBe(0);
    const done = await h.press(`aB:${auctionId}:5500`, DE, ask.replies[0]);
    expect(done.answers[0]?.text).toBe('Gebot abgegeben');
    expect(visible(done.text)).toContain('✅ Ihr Gebot ist abgegeben.');
    expect(
      await h.core.db.prisma.bid.count({
        where: { auctionId, customerId: await customerOf(DE), maxAmount: 5500n },
      }),
    ).toBe(1);
  });

  it('a stale next-step button is refused by the core in words', async () => {
    const r = await h.press(`aB:${auctionId}:5000`, EN);
    expect(visible(r.text)).toMatch(/^Your bid is too low: the lowest bid you can place is \$\d+\.\d\d\.$/);
  });

  it('set a maximum: asks for the amount, checks it, bids it', async () => {
    const ask = await h.press(`am:${auctionId}`, EN);
    expect(visible(ask.text)).toMatch(
      /^Send the most you would pay for caught\.com, in USD, e\.g\. \d+\.\d\d\./,
    );
    expect(visible((await h.send('lots', EN)).text)).toContain('Please send an amount like 75');
    const done = await h.send('80', EN);
    expect(visible(done.text)).toContain('✅ Your bid is in.');
    expect(visible(done.text)).toContain('✅ You are the highest bidder.');
    expect(visible(done.text)).toContain('Your maximum: $80.00');
    // the question is answered: the next text is just text again
    expect(visible((await h.send('90', EN)).text)).toContain('I did not understand that');
  });

  it('a comma amount (as Germans write it) works too', async () => {
    await h.press(`am:${auctionId}`, DE);
    const done = await h.send('95,50', DE);
    expect(visible(done.text)).toMatch(/Ihr Höchstgebot: 95,50\s\$/);
    expect(visible(done.text)).toContain('Sie bieten am höchsten.');
  });
});

describe('who may see it', () => {
  it('a customer who does not take part sees nothing and cannot bid', async () => {
    const view = await h.press(`av:${auctionId}`, OUTSIDER);
    expect(visible(view.text)).toBe('You do not take part in this auction.');
    // the core itself refuses a bid from outside the auction
    const bid = await h.press(`aB:${auctionId}:99900`, OUTSIDER);
    expect(visible(bid.text)).toBe('You are not allowed to do that.');
    const max = await h.press(`am:${auctionId}`, OUTSIDER);
    expect(visible(max.text)).toBe('You do not take part in this auction.');
    expect(await h.core.db.prisma.bid.count({ where: { customerId: await customerOf(OUTSIDER) } })).toBe(0);
  });
});
