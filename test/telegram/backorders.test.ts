import { beforeAll, describe, expect, it } from 'vitest';
import {
  at,
  DE,
  EN,
  expectSendable,
  type Harness,
  startTelegram,
  T0,
  type User,
  visible,
} from './harness.ts';

// Placing (typed and from search results), the customer's own list with status filters and counts,
// details with the status history, and cancelling after a confirmation. Nobody sees or cancels
// another customer's backorder.

let h: Harness;
const OTHER: User = { id: 2002, first_name: 'Otto', language_code: 'de' };
const LITE: User = { id: 3003, first_name: 'Lena', language_code: 'en' };

beforeAll(async () => {
  h = await startTelegram();
  await h.core.pricing.set('com', 'USD', 4900n);
  await h.core.pricing.set('io', 'USD', 9900n);
  await h.core.pricing.set('net', 'USD', 4900n, 'test', 2900n);
  await h.importList([
    ['shop.com', at(5, 10)],
    ['near.com', at(2, 12)],
    ['gadget.io', at(6)],
    ['cheap.net', at(4)],
    ['typed.net', at(4)],
    ['soon.com', at(0, 1)],
  ]);
  await h.send('/start', EN);
  await h.send('/start', OTHER);
  await h.send('/start', DE);
});

const customerOf = async (user: User) =>
  (
    await h.core.db.prisma.identity.findUniqueOrThrow({
      where: { platform_externalId: { platform: 'telegram', externalId: String(user.id) } },
    })
  ).customerId;

describe('/backorder', () => {
  it('places it and says drop time, price, nothing charged until caught, and the funds deadline', async () => {
    const r = await h.send('/backorder Shop.com', EN);
    expectSendable(r);
    const text = visible(r.text);
    expect(text).toMatch(/^✅ Backorder placed: shop\.com \(#\d+\)/);
    expect(text).toContain('Drop: 2026-12-06 19:00 UTC');
    expect(text).toContain('Price: $49.00. Nothing is charged until we catch the name');
    expect(text).toContain(
      '$49.00 must be available on your balance by 2026-12-03 19:00 UTC (3 days before the drop)',
    );
    expect(text).toContain('Available now: $0.00. Please top up $49.00 before then.');
    const data = h.buttons(r.replies[0]!).map((b) => b.callback_data);
    expect(data).toEqual([expect.stringMatching(/^bd:\d+$/), expect.stringMatching(/^bc:\d+$/), 'm:topup']);
    const rows = await h.core.backorders.list({ customerId: await customerOf(EN) });
    expect(rows.items.map((b) => [b.fqdn, b.status])).toEqual([['shop.com', 'REQUESTED']]);
  });

  it('a name not on the drop list: drop time not known yet', async () => {
    const r = await h.send('/backorder unlisted.com', EN);
    expect(visible(r.text)).toContain('Drop time: not known yet');
    expect(visible(r.text)).toContain('$49.00 must be available on your balance 3 days before the drop');
  });

  it('the Backorder button of search results places it, answers the press, and funds already there are said', async () => {
    await h.core.billing.credit({
      customer: await customerOf(DE),
      amount: '500',
      currency: 'USD',
      actor: 'test',
    });
    const results = await h.send('/search gadget', DE);
    const place = h.button(results.replies[0]!, /gadget\.io/);
    const r = await h.press(place.callback_data, DE, results.replies[0]);
    expect(r.answers[0]?.text).toBe('Backorder angelegt');
    expect(visible(r.text)).toMatch(/^✅ Backorder angelegt: gadget\.io/);
    expect(visible(r.text)).toMatch(/Preis: 99,00\s\$\. Berechnet wird erst/);
    expect(visible(r.text)).not.toContain('Bitte laden');
    // a new message: the results stay as they were
    expect(r.replies[0]!.messageId).not.toBe(results.replies[0]!.messageId);
  });

  it('twice: the core refuses, in the customer’s language', async () => {
    expect(visible((await h.send('/backorder shop.com', EN)).text)).toBe(
      'You already have an open backorder for this name.',
    );
    await h.send('/backorder shop.com', DE);
    expect(visible((await h.send('/backorder shop.com', DE)).text)).toContain('schon eine offene Backorder');
  });

  it('a zone we do not sell, a name that is no name, and no name at all', async () => {
    expect(visible((await h.send('/backorder example.org', EN)).text)).toBe(
      'We do not offer backorders in this zone.',
    );
    expect(visible((await h.send('/backorder exa mple', EN)).text)).toMatch(
      /is not a domain name we can backorder/,
    );
    expect(visible((await h.send('/backorder', EN)).text)).toContain('/backorder example.com');
  });
});

describe('/mybackorders', () => {
  it('lists only the customer’s own, newest first, with a filter button per status and its count', async () => {
    const customerId = await customerOf(EN);
    await h.core.billing.credit({ customer: customerId, amount: '100', currency: 'USD', actor: 'test' });
    await h.send('/backorder near.com', EN);
    // near.com drops in 2 days: the lifecycle takes the hold (ACTIVE)
    await h.core.lifecycle.runPass(T0);
    const r = await h.send('/mybackorders', EN);
    expectSendable(r);
    const text = visible(r.text);
    expect(text).toContain('Your backorders · All: 3 · page 1 of 1');
    expect(text).toMatch(
      /#\d+ near\.com · active \(amount held\) · 2026-12-03 21:00 UTC · \$49\.00\n#\d+ unlisted\.com · requested · not known yet · \$49\.00\n#\d+ shop\.com · requested/,
    );
    expect(text).not.toContain('gadget');
    const labels = h.buttons(r.replies[0]!).map((b) => b.text);
    expect(labels.slice(0, 3)).toEqual(['✓ All (3)', 'requested (2)', 'active (amount held) (1)']);
  });

  it('a status button filters in place', async () => {
    const list = (await h.send('/mybackorders', EN)).replies[0]!;
    const r = await h.press('ml:REQUESTED:1', EN, list);
    expect(r.replies[0]!.messageId).toBe(list.messageId);
    expect(visible(r.text)).toContain('requested: 2');
    expect(visible(r.text)).not.toContain('near.com');
    expect(h.buttons(r.replies[0]!).find((b) => b.callback_data === 'ml:REQUESTED:1')?.text).toBe(
      '✓ requested (2)',
    );
  });

  it('pages when there are many', async () => {
    const many: User = { id: 2003, first_name: 'Max' };
    await h.send('/start', many);
    for (let i = 0; i < 10; i++) await h.core.backorders.place(await customerOf(many), `name${i}.com`);
    const r = await h.send('/mybackorders', many);
    expect(visible(r.text)).toContain('page 1 of 2');
    const next = h.button(r.replies[0]!, /Next/);
    expect(next.callback_data).toBe('ml:ALL:2');
    const page2 = await h.press(next.callback_data, many, r.replies[0]);
    expect(visible(page2.text)).toContain('page 2 of 2');
    expect(visible(page2.text)).toContain('name0.com');
  });

  it('German, and an empty list points to /search', async () => {
    const fresh: User = { id: 2004, first_name: 'Frida', language_code: 'de' };
    const r = await h.send('/mybackorders', fresh);
    expect(visible(r.text)).toContain('Sie haben noch keine Backorders');
    const own = await h.send('/mybackorders', DE);
    expect(visible(own.text)).toContain('Ihre Backorders · Alle: 2');
  });

  it('details: status, drop, price, held amount and the status history', async () => {
    const near = (await h.core.backorders.list({ customerId: await customerOf(EN), text: 'near' })).items[0]!;
    const r = await h.press(`bd:${near.id}`, EN);
    expectSendable(r);
    const text = visible(r.text);
    expect(text).toContain(`near.com · backorder #${near.id}`);
    expect(text).toContain('Status: active (amount held)');
    expect(text).toContain('Held from your balance: $49.00');
    expect(text).toMatch(
      /History\n• 2026-12-01 09:00 UTC: requested\n• 2026-12-01 09:00 UTC: active \(amount held\)/,
    );
    expect(h.buttons(r.replies[0]!).map((b) => b.callback_data)).toEqual([`bc:${near.id}`, 'ml:ALL:1']);
  });
});

describe('cancelling', () => {
  it('asks first, then cancels and releases the held amount', async () => {
    const near = (await h.core.backorders.list({ customerId: await customerOf(EN), text: 'near' })).items[0]!;
    const ask = await h.press(`bc:${near.id}`, EN);
    expect(visible(ask.text)).toBe(
      `Cancel your backorder of near.com (#${near.id})? The $49.00 held for it go back to your available balance.`,
    );
    expect((await h.core.backorders.get(near.id)).status).toBe('ACTIVE');
    expect(h.buttons(ask.replies[0]!).map((b) => b.callback_data)).toEqual([
      `bC:${near.id}`,
      `bd:${near.id}`,
    ]);
    const done = await h.press(`bC:${near.id}`, EN, ask.replies[0]);
    expect(visible(done.text)).toBe(
      `❌ Your backorder of near.com (#${near.id}) is cancelled; $49.00 went back to your available balance.`,
    );
    expect(done.answers[0]?.text).toBe('Cancelled');
    expect((await h.core.backorders.get(near.id)).status).toBe('CANCELLED');
    expect((await h.core.billing.balances(await customerOf(EN))).held).toBe(0n);
    const again = await h.press(`bC:${near.id}`, EN, ask.replies[0]);
    expect(visible(again.text)).toContain('can no longer be cancelled');
  });

  it('/cancel lists what can still be cancelled; /cancel NAME and /cancel #ID ask about that one', async () => {
    const list = await h.send('/cancel', EN);
    expect(h.buttons(list.replies[0]!).map((b) => b.text)).toEqual([
      expect.stringMatching(/^#\d+ unlisted\.com$/),
      expect.stringMatching(/^#\d+ shop\.com$/),
    ]);
    const byName = await h.send('/cancel SHOP.com', EN);
    expect(visible(byName.text)).toMatch(/^Cancel your backorder of shop\.com \(#\d+\)\?$/);
    const id = /#(\d+)/.exec(visible(byName.text))![1];
    expect(visible((await h.send(`/cancel #${id}`, EN)).text)).toBe(visible(byName.text));
    expect(visible((await h.send('/cancel nothere.com', EN)).text)).toBe(
      'You have no backorder of nothere.com that can still be cancelled.',
    );
  });

  it('nobody sees, details or cancels another customer’s backorder', async () => {
    const theirs = (await h.core.backorders.list({ customerId: await customerOf(EN), text: 'shop' }))
      .items[0]!;
    const peek = await h.press(`bd:${theirs.id}`, OTHER);
    expect(visible(peek.text)).toBe(`Diese Backorder gibt es nicht (${theirs.id}).`);
    const cancel = await h.press(`bC:${theirs.id}`, OTHER);
    expect(visible(cancel.text)).toBe(`Diese Backorder gibt es nicht (${theirs.id}).`);
    expect(visible((await h.send(`/cancel ${theirs.id}`, OTHER)).text)).toContain(
      'Diese Backorder gibt es nicht',
    );
    expect((await h.core.backorders.get(theirs.id)).status).toBe('REQUESTED');
    const list = visible((await h.send('/mybackorders', OTHER)).text);
    expect(list).not.toContain('shop.com');
  });
});

describe('Backorder Lite and the finalization deadline', () => {
  it('search results show both prices and until when a name can be ordered', async () => {
    const r = await h.send('/search cheap', LITE);
    expect(visible(r.text)).toContain(
      'cheap.net · 2026-12-05 09:00 UTC · $49.00 · Lite $29.00 · orders until 2026-12-05 07:00 UTC',
    );
  });

  it('the Backorder button offers both kinds with their prices; Lite places a Lite backorder', async () => {
    const results = await h.send('/search cheap', LITE);
    const offer = await h.press(h.button(results.replies[0]!, /cheap\.net/).callback_data, LITE);
    expect(visible(offer.text)).toContain('How would you like to backorder cheap.net?');
    expect(h.buttons(offer.replies[0]!).map((b) => [b.text, b.callback_data])).toEqual([
      ['🛒 Backorder · $49.00', 'br:cheap.net'],
      ['🪶 Backorder Lite · $29.00', 'bl:cheap.net'],
    ]);
    const placed = visible((await h.press('bl:cheap.net', LITE, offer.replies[0])).text);
    expect(placed).toMatch(/^✅ Backorder placed: cheap\.net/);
    expect(placed).toContain('Price: $29.00.');
    expect(placed).toContain('You can cancel until 2026-12-05 07:00 UTC (the finalization deadline).');
    expect(placed).toContain('Backorder Lite: regular backorders of this name come first');
    const [b] = (await h.core.backorders.list({ customerId: await customerOf(LITE), text: 'cheap' })).items;
    expect(b).toMatchObject({ kind: 'lite', price: 2900n, finalizesAt: at(4, -2) });
  });

  it('/backorder NAME lite places Lite; /mybackorders marks it and details say until when it can be cancelled', async () => {
    const placed = visible((await h.send('/backorder typed.net lite', LITE)).text);
    expect(placed).toContain('Price: $29.00.');
    const mine = await h.send('/mybackorders', LITE);
    expect(visible(mine.text)).toMatch(
      /#\d+ typed\.net · Lite · requested · 2026-12-05 09:00 UTC · \$29\.00/,
    );
    const id = /#(\d+) typed\.net/.exec(visible(mine.text))![1];
    const details = visible((await h.press(`bd:${id}`, LITE)).text);
    expect(details).toContain('Kind: Backorder Lite');
    expect(details).toContain('Cancellable until 2026-12-05 07:00 UTC (the finalization deadline)');
  });

  it('a zone without Lite places the regular backorder at once; Lite asked there is refused politely', async () => {
    const r = await h.send('/backorder gadget.io lite', LITE);
    expect(visible(r.text)).toBe('We do not offer Backorder Lite in this zone.');
  });

  it('within 2 hours of the drop: refused, naming the deadline', async () => {
    const r = await h.send('/backorder soon.com', LITE);
    expect(visible(r.text)).toBe(
      'Too late: orders and cancellations for soon.com closed at 2026-12-01 08:00 UTC (the finalization deadline).',
    );
  });
});
