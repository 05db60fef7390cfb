import { beforeAll, describe, expect, it } from 'vitest';
import { inlineFilterText } from '../../bots/telegram/features/inline.ts';
import { at, DE, EN, type Harness, startTelegram, visible } from './harness.ts';

// Inline mode: `@bot KEYWORD [zone] [maxlen]` typed in any chat answers with articles (name, drop
// time in UTC, length, price in the customer's currency), twenty a page, and a button that opens
// the bot on the name, where the backorder is placed; a bad or empty query gets a hint, not an error.

let h: Harness;
const names = Array.from({ length: 25 }, (_, i) => `star${String(i).padStart(2, '0')}.com`);

beforeAll(async () => {
  h = await startTelegram();
  await h.core.pricing.set('com', 'USD', 4900n);
  await h.importList([
    ...names.map((n, i): [string, Date] => [n, at(1, i / 4)]),
    ['star.net', at(2, 1)],
    ['starship.com', at(2, 2)],
    ['shop.com', at(1, 5)],
  ]);
});

describe('inline mode', () => {
  it('reads the shorthand as /search filters', () => {
    expect(inlineFilterText('star com 6')).toBe('star .com l<=6');
    expect(inlineFilterText('star .net len<=8 nodigits')).toBe('star .net len<=8 nodigits');
  });

  it('answers with twenty articles a page and pages on by offset', async () => {
    const first = await h.inline('star com');
    expect(first.is_personal).toBe(true);
    expect(first.results).toHaveLength(20);
    expect(first.next_offset).toBe('2');
    const r = first.results[0];
    expect(r.type).toBe('article');
    expect(r.title).toBe('star00.com');
    expect(r.description).toBe('drops 2026-12-02 09:00 UTC · 6 characters · $49.00');
    expect(r.input_message_content.parse_mode).toBe('HTML');
    expect(visible(r.input_message_content.message_text)).toBe(
      'star00.com drops 2026-12-02 09:00 UTC · 6 characters · backorder $49.00',
    );
    const second = await h.inline('star com', EN, first.next_offset);
    expect(second.results.map((x: { title: string }) => x.title)).toEqual([
      'star20.com',
      'star21.com',
      'star22.com',
      'star23.com',
      'star24.com',
      'starship.com',
    ]);
    expect(second.next_offset).toBe('');
    const all = [...first.results, ...second.results].map((x: { id: string }) => x.id);
    expect(new Set(all).size).toBe(26);
  });

  it('takes a maximum length and a zone, and says when a zone is not offered', async () => {
    const short = await h.inline('star 4');
    expect(short.results.map((x: { title: string }) => x.title)).toEqual(['star.net']);
    expect(short.results[0].description).toMatch(/not offered$/);
    expect(short.results[0].reply_markup).toBeUndefined();
  });

  it('links each offered name to the bot, which offers the backorder there', async () => {
    const { results } = await h.inline('starship');
    const link = results[0].reply_markup.inline_keyboard[0][0];
    expect(link.text).toBe('Backorder in the bot');
    expect(link.url).toBe(`https://t.me/${h.fake.botInfo.username}?start=bo_starship_com`);
    const payload = new URL(link.url).searchParams.get('start');
    const placed = await h.send(`/start ${payload}`);
    expect(visible(placed.text)).toMatch(/starship\.com/);
    const mine = await h.core.backorders.list({ customerId: (await customerOf(EN.id)).id });
    expect(mine.items.map((b) => b.fqdn)).toEqual(['starship.com']);
  });

  it('gives a hint for an empty query, a bad one and one without matches', async () => {
    const empty = await h.inline('  ');
    expect(empty.results).toHaveLength(1);
    expect(empty.results[0].title).toBe('Search names about to drop');
    expect(empty.results[0].description).toContain(`@${h.fake.botInfo.username} shop com 6`);
    const bad = await h.inline('star len<=abc');
    expect(bad.results[0].title).toBe('This search cannot be read');
    expect(bad.results[0].description).toContain('len<=abc');
    const odd = await h.inline('st%r');
    expect(odd.results).toHaveLength(1);
    const none = await h.inline('zzzzqq');
    expect(none.results[0].title).toBe('No names match');
    expect(none.next_offset).toBe('');
  });

  it('speaks German', async () => {
    const { results } = await h.inline('shop com', DE);
    expect(results[0].description).toBe('wird frei 2026-12-02 14:00 UTC · 4 Zeichen · 49,00\u00a0$');
    expect(results[0].reply_markup.inline_keyboard[0][0].text).toBe('Im Bot vorbestellen');
  });
});

async function customerOf(telegramId: number) {
  const found = await h.core.customers.identity('telegram', String(telegramId));
  if (!found) throw new Error('no customer');
  return found.customer;
}
