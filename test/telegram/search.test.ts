import { beforeAll, describe, expect, it } from 'vitest';
import { parseFilters } from '../../bots/telegram/search/filters.ts';
import { at, DE, EN, expectSendable, type Harness, startTelegram, T0, visible } from './harness.ts';

// /search: typed filters, the guided form, results with drop time (UTC), price and a Backorder
// button per offered name, paging in place, the next drop days; and input nobody should send.

let h: Harness;
const LIST: Array<[string, Date]> = [
  ['shop.com', at(1, 10)],
  ['shops.com', at(1, 11)],
  ['myshop.com', at(2, 1)],
  ['shop1.com', at(1, 12)],
  ['shop-x.com', at(1, 13)],
  ['shopping.com', at(2, 2)],
  ['shop.net', at(1, 14)],
  ['shop.de', at(2, 3)],
  ['bestshop.de', at(3, 4)],
  ['eshop.org', at(2, 5)],
  ['shoppe.com', at(3, 6)],
  ['shopa.com', at(3, 7)],
  ['shopb.com', at(3, 8)],
  ['other.com', at(1, 9)],
];

beforeAll(async () => {
  h = await startTelegram();
  await h.core.pricing.set('com', 'USD', 4900n);
  await h.core.pricing.set('de', 'USD', 2900n);
  await h.importList(LIST);
});

describe('filters as typed', () => {
  it('reads keyword, zones, length, flags, day, sort and page, long and short', () => {
    const f = parseFilters('shop len<=6 zone=com,NET .de nodigits nh day=tomorrow sort=-length p=2', T0);
    expect(f).toMatchObject({
      keyword: 'shop',
      zones: ['com', 'de', 'net'],
      maxLength: 6,
      noDigits: true,
      noHyphens: true,
      day: '2026-12-02',
      sort: 'length',
      desc: true,
      page: 2,
    });
    expect(parseFilters('l>3 l<8', T0)).toMatchObject({ minLength: 4, maxLength: 7 });
    expect(parseFilters('len=5 d=20261203', T0)).toMatchObject({
      minLength: 5,
      maxLength: 5,
      day: '2026-12-03',
    });
  });

  it('refuses what it cannot read, naming it', () => {
    expect(() => parseFilters('shop len<=abc', T0)).toThrow(/tg-search-bad-filter/);
    expect(() => parseFilters('colour=blue', T0)).toThrow(/tg-search-bad-filter/);
    expect(() => parseFilters('day=2026-02-30', T0)).toThrow(/tg-search-bad-filter/);
    expect(() => parseFilters('shop car', T0)).toThrow(/tg-search-one-keyword/);
  });
});

describe('/search with filters', () => {
  it('lists matches with drop time in UTC, price and a Backorder button for offered names', async () => {
    const r = await h.send('/search shop len<=6 zone=com nodigits', EN);
    expectSendable(r);
    const text = visible(r.text);
    // shop1 has a digit, shopping is longer, shop.net and shop.de are other zones
    expect(text).toContain('7 names · “shop” · .com · at most 6 characters · no digits');
    expect(text).toContain('1. shop.com · 2026-12-02 19:00 UTC · $49.00');
    expect(text).toContain('2. shops.com · 2026-12-02 20:00 UTC · $49.00');
    expect(text).toMatch(/Next drop days: 2026-12-02: \d+ · 2026-12-03: \d+ · 2026-12-04: \d+/);
    const data = h.buttons(r.replies[0]!).map((b) => b.callback_data);
    expect(data).toEqual([
      'bo:shop.com',
      'bo:shops.com',
      'bo:shop-x.com',
      'bo:myshop.com',
      'bo:shoppe.com',
      'bo:shopa.com',
      'bo:shopb.com',
      'f:shop z=com l<=6 nd',
      'wa:shop z=com l<=6 nd',
    ]);
  });

  it('shows each name’s quality score, keeps the better ones and puts the best first', async () => {
    const all = visible((await h.send('/search shop zone=com', EN)).text);
    // shop.com: one word of four letters in .com
    expect(all).toMatch(/1\. shop\.com · 2026-12-02 19:00 UTC · \$49\.00 · orders until [^·]+ · score 87/);
    const best = await h.send('/search shop zone=com score>=60 best', EN);
    const text = visible(best.text);
    expect(text).toContain('“shop” · .com · score at least 60 · best first');
    const scores = [...text.matchAll(/score (\d+)$/gm)].map((m) => Number(m[1]));
    expect(scores.length).toBeGreaterThan(1);
    expect(scores.every((n) => n >= 60)).toBe(true);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(text).not.toContain('shop-x.com');
    const data = h.buttons(best.replies[0]!).map((b) => b.callback_data);
    expect(data).toContain('f:shop z=com sc>=60 s=-score');
  });

  it('says "not offered" and gives no button for a zone without a price', async () => {
    const r = await h.send('/search shop zone=net', EN);
    expect(visible(r.text)).toContain('shop.net · 2026-12-02 23:00 UTC · not offered');
    expect(h.buttons(r.replies[0]!).some((b) => b.callback_data === 'bo:shop.net')).toBe(false);
  });

  it('pages in place: Next edits the same message, Previous goes back', async () => {
    const r = await h.send('/search shop sort=name', EN);
    const first = r.replies[0]!;
    expect(visible(first.text)).toContain('Page 1 of 2');
    const next = h.button(first, /Next/);
    expect(next.callback_data).toBe('s:shop s=name p=2');
    const page2 = await h.press(next.callback_data, EN, first);
    expect(page2.replies).toHaveLength(1);
    expect(page2.replies[0]!.messageId).toBe(first.messageId);
    expect(page2.answers).toHaveLength(1);
    expect(visible(page2.text)).toContain('Page 2 of 2');
    expect(visible(page2.text)).toMatch(/^11\. /m);
    expect(h.buttons(page2.replies[0]!).some((b) => /Next/.test(b.text))).toBe(false);
    expect(h.button(page2.replies[0]!, /Previous/).callback_data).toBe('s:shop s=name');
  });

  it('German results, German money and dates still in UTC', async () => {
    const r = await h.send('/search shop zone=de', DE);
    const text = visible(r.text);
    expect(text).toContain('2 Namen');
    expect(text).toMatch(/shop\.de · 2026-12-03 12:00 UTC · 29,00\s\$/);
    expect(text).toContain('Nächste Drop-Tage');
  });

  it('no match: says so and points to /watch', async () => {
    const r = await h.send('/search zzzzqqq', EN);
    expect(visible(r.text)).toContain('0 names');
    expect(visible(r.text)).toContain('No names match');
  });

  it('a filter it cannot read is explained in the customer’s language', async () => {
    expect(visible((await h.send('/search shop len<=x', EN)).text)).toBe(
      'I cannot read the filter “len<=x”. /help shows how filters are written.',
    );
    expect(visible((await h.send('/search shop len<=x', DE)).text)).toContain('verstehe ich nicht');
  });

  it('what the core refuses comes back as its error in words', async () => {
    const r = await h.send('/search l>=9 l<=3', EN);
    expect(visible(r.text)).toMatch(/^That was not accepted: bad search: .*9 is more than/);
  });
});

describe('the guided form', () => {
  it('opens with zone, length, flag and day buttons and builds the search in the buttons', async () => {
    const r = await h.send('/search', EN);
    expectSendable(r);
    const form = r.replies[0]!;
    const data = h.buttons(form).map((b) => b.callback_data);
    expect(data).toEqual(
      expect.arrayContaining(['f:z=com', 'f:z=de', 'f:l<=6', 'f:nd', 'f:nh', 'f:d=20261202', 's:']),
    );
    const withZone = await h.press('f:z=com', EN, form);
    expect(withZone.replies[0]!.messageId).toBe(form.messageId);
    expect(visible(withZone.text)).toContain('Filters: .com');
    expect(h.button(withZone.replies[0]!, /\.com/).text).toBe('✓ .com');
    const shorter = await h.press(h.button(withZone.replies[0]!, /^≤ 6$/).callback_data, EN, form);
    const noDigits = await h.press(h.button(shorter.replies[0]!, /no digits/).callback_data, EN, form);
    const show = h.button(noDigits.replies[0]!, /Show results/);
    expect(show.callback_data).toBe('s:z=com l<=6 nd');
    const results = await h.press(show.callback_data, EN, form);
    expect(visible(results.text)).toContain('.com · at most 6 characters · no digits');
    expect(visible(results.text)).toContain('other.com');
  });

  it('has a minimum score and a best-first toggle', async () => {
    const form = (await h.send('/search', EN)).replies[0]!;
    const best = await h.press(h.button(form, /best first/).callback_data, EN, form);
    expect(visible(best.text)).toContain('Filters: best first');
    expect(h.button(best.replies[0]!, /best first/).text).toBe('✓ ⭐ best first');
    const scored = await h.press(h.button(best.replies[0]!, /^score ≥ 60$/).callback_data, EN, form);
    expect(h.button(scored.replies[0]!, /Show results/).callback_data).toBe('s:sc>=60 s=-score');
  });

  it('the day buttons show the next drop days with their counts', async () => {
    const r = await h.send('/search', EN);
    const labels = h.buttons(r.replies[0]!).map((b) => b.text);
    expect(labels).toEqual(expect.arrayContaining(['✓ any day', '12-02: 6', '12-03: 4', '12-04: 4']));
  });

  it('the Filters button under results opens the form with those filters', async () => {
    const r = await h.press('f:shop z=com l<=6 nd', EN);
    expect(visible(r.text)).toContain('Filters: “shop” · .com · at most 6 characters · no digits');
  });
});

describe('hostile input', () => {
  const hostile = [
    'x'.repeat(5000),
    `/search ${'y'.repeat(5000)}`,
    '/search <b>&amp; </i>',
    '/search shop"; DROP TABLE "DropDomain"; --',
    "/search ' OR 1=1 --",
    '/search zone=<script>',
    '/search 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ‮gnp.exe 🧨 \u0000 \u200b',
    '/backorder <b>evil</b>.com',
    '/watch <i>',
    '/cancel ../../etc/passwd',
    '/topup 1e9',
    '/language <b>',
    '<b>unclosed & bold',
    Array.from({ length: 300 }, (_, i) => String.fromCodePoint(0x1f300 + ((i * 7919) % 700))).join(''),
  ];

  it.each(hostile.map((t) => [t.slice(0, 40), t]))(
    '%s: a sendable answer, nothing broken',
    async (_label, text) => {
      const r = await h.send(text, EN);
      expect(r.status).toBe(200);
      expect(r.replies.length).toBeGreaterThanOrEqual(1);
      expectSendable(r);
      // markup people type is shown as text, never interpreted
      expect(r.text).not.toMatch(/<(script|i)>/);
    },
  );

  it('the drop list is untouched after all of that', async () => {
    expect(await h.core.db.prisma.dropDomain.count()).toBe(LIST.length);
  });

  it('random Unicode in every filter position never crashes the bot', async () => {
    let seed = 42;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    for (let i = 0; i < 25; i++) {
      const word = Array.from({ length: 1 + (rnd() % 12) }, () =>
        String.fromCodePoint(0x20 + (rnd() % 0x2ff0)),
      ).join('');
      const prefix = ['', 'zone=', 'len<=', 'day=', 'sort=', '.'][rnd() % 6];
      const r = await h.send(`/search ${prefix}${word}`, EN);
      expect(r.replies).toHaveLength(1);
      expectSendable(r);
    }
  });
});
