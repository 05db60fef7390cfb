import { beforeAll, describe, expect, it } from 'vitest';
import { HOUR } from '../../src/index.ts';
import { signInitData } from '../helpers/init-data.ts';
import { at, DE, EN, type Harness, type Json, startTelegram, T0, TOKEN } from './harness.ts';

// The Mini App's API as the page calls it: every request signed in by Telegram's initData
// (`Authorization: tma …`), a customer seeing and changing only their own things, zod checking
// every parameter (400 naming the field), the bot's rules and words.

let h: Harness;
let base: string;
const signed = (user = EN, when = new Date(T0.getTime() - HOUR)) => signInitData(TOKEN, user, when);

async function call(
  path: string,
  init: { method?: string; body?: unknown; auth?: string | null; user?: typeof EN } = {},
) {
  const auth = init.auth === undefined ? `tma ${signed(init.user)}` : init.auth;
  const res = await fetch(`${base}/app/api/${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(auth === null ? {} : { authorization: auth }),
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Json };
}

beforeAll(async () => {
  h = await startTelegram();
  base = new URL(h.url).origin;
  await h.core.pricing.set('com', 'USD', 4900n, 'test', 2900n);
  await h.importList([
    ['shop.com', at(1, 10)],
    ['shops.com', at(1, 11)],
    ['myshop.com', at(2, 1)],
    ['shop-1.com', at(3, 2)],
    ['shop.net', at(1, 14)],
    ['other.com', at(1, 9)],
  ]);
});

describe('signing in', () => {
  it('refuses a request without initData, with a forged or foreign one, or one older than a day', async () => {
    const good = signed();
    const forged = good.replace(encodeURIComponent(`"id":${EN.id}`), encodeURIComponent('"id":4242'));
    expect(forged).not.toBe(good);
    const cases: Array<[string | null, string]> = [
      [null, 'missing'],
      ['Bearer x', 'missing'],
      ['tma ', 'missing'],
      [`tma ${forged}`, 'bad-hash'],
      [`tma ${signInitData('654321:other-bot', EN, T0)}`, 'bad-hash'],
      [`tma ${signed(EN, new Date(T0.getTime() - 25 * HOUR))}`, 'expired'],
      ['tma hash=zz&user=%7B%7D', 'malformed'],
    ];
    for (const [auth, reason] of cases) {
      const r = await call('backorders', { auth });
      expect(r.status, String(auth)).toBe(401);
      expect(r.body).toEqual({ error: 'UNAUTHORIZED', reason });
    }
    expect(await h.core.customers.identity('telegram', '4242')).toBeNull();
  });
});

describe('the API', () => {
  it('knows the customer: language, currency and balance', async () => {
    const me = await call('me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ name: 'Ann', language: 'en', currency: 'USD' });
    expect(me.body.available).toEqual({ minor: '0', text: '$0.00' });
  });

  it('searches with the form’s filters, sorted and paged, prices in the customer’s currency', async () => {
    const r = await call('search?keyword=shop&zones=com&noHyphens=1&sort=fqdn&order=desc');
    expect(r.status).toBe(200);
    expect(r.body.total).toBe(3);
    expect(r.body.items.map((i: { fqdn: string }) => i.fqdn)).toEqual([
      'shops.com',
      'shop.com',
      'myshop.com',
    ]);
    expect(r.body.items[1]).toEqual({
      fqdn: 'shop.com',
      display: 'shop.com',
      zone: 'com',
      length: 4,
      // one word of four letters, .com
      score: 87,
      dropAt: '2026-12-02T19:00:00.000Z',
      finalizesAt: expect.stringMatching(/^2026-12-0\dT/),
      price: { minor: '4900', text: '$49.00' },
      lite: { minor: '2900', text: '$29.00' },
    });
    const net = await call('search?keyword=shop&zones=.net');
    expect(net.body.items[0]).toMatchObject({ fqdn: 'shop.net', price: null });
  });

  it('counts drops per day for the next seven days under the same filters', async () => {
    const r = await call('days?keyword=shop');
    expect(r.body.days).toEqual([
      { date: '2026-12-01', count: 0 },
      { date: '2026-12-02', count: 3 },
      { date: '2026-12-03', count: 1 },
      { date: '2026-12-04', count: 1 },
      { date: '2026-12-05', count: 0 },
      { date: '2026-12-06', count: 0 },
      { date: '2026-12-07', count: 0 },
    ]);
    const within = await call('days?keyword=shop&from=2026-12-03&to=2026-12-03');
    expect(within.body.days.map((d: { count: number }) => d.count)).toEqual([0, 0, 1, 0, 0, 0, 0]);
  });

  it('answers 400 naming the field for a parameter it cannot take', async () => {
    const cases: Array<[string, string]> = [
      ['search?minLength=abc', 'minLength'],
      ['search?sort=price', 'sort'],
      ['search?from=tomorrow', 'from'],
      ['search?colour=blue', 'colour'],
      ['days?noDigits=maybe', 'noDigits'],
    ];
    for (const [path, field] of cases) {
      const r = await call(path);
      expect(r.status, path).toBe(400);
      expect(r.body, path).toMatchObject({ error: 'INVALID_INPUT', field });
    }
    const rules = await call('search?minLength=6&maxLength=3');
    expect(rules.status).toBe(400);
    expect(rules.body.message).toMatch(/6 is more than/);
    const body = await call('backorders', { method: 'POST', body: { fqdn: 'shop.com', lite: 'yes' } });
    expect(body).toMatchObject({ status: 400, body: { field: 'lite' } });
  });

  it('places a backorder, lists it and cancels it, for its owner only', async () => {
    const placed = await call('backorders', { method: 'POST', body: { fqdn: 'shop.com', lite: true } });
    expect(placed.status).toBe(200);
    expect(placed.body.message).toContain('<b>shop.com</b>');
    const mine = await call('backorders');
    expect(mine.body.items).toEqual([
      expect.objectContaining({
        id: placed.body.id,
        fqdn: 'shop.com',
        kind: 'lite',
        status: 'REQUESTED',
        cancellable: true,
        price: { minor: '2900', text: '$29.00' },
      }),
    ]);
    const again = await call('backorders', { method: 'POST', body: { fqdn: 'shop.com' } });
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('ALREADY_OPEN');

    const theirs = await call('backorders/cancel', {
      method: 'POST',
      body: { id: placed.body.id },
      user: DE,
    });
    expect(theirs.status).toBe(404);
    expect((await call('backorders', { user: DE })).body.items).toEqual([]);

    const cancelled = await call('backorders/cancel', { method: 'POST', body: { id: placed.body.id } });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.message).toMatch(/is cancelled/);
    expect((await h.core.backorders.get(placed.body.id)).status).toBe('CANCELLED');
  });

  it('watches a name: an alert for exactly that name', async () => {
    const r = await call('watch', { method: 'POST', body: { fqdn: 'myshop.com' } });
    expect(r.status).toBe(200);
    const list = await h.send('/watch');
    expect(list.text).toMatch(/myshop\*/);
  });

  it('speaks the customer’s language', async () => {
    const placed = await call('backorders', { method: 'POST', body: { fqdn: 'other.com' }, user: DE });
    expect(placed.body.message).toMatch(/Backorder/);
    expect(placed.body.message).toMatch(/Ihre|Sie/);
    const bad = await call('backorders', { method: 'POST', body: { fqdn: 'not a name' }, user: DE });
    expect(bad.status).toBe(400);
    expect(bad.body.message).not.toMatch(/^[A-Z_]+$/);
  });
});
