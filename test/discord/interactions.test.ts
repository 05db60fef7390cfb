import { beforeAll, describe, expect, it } from 'vitest';
import {
  type App,
  bool,
  CHANNEL_ID,
  int,
  LIST,
  OTHER_CHANNEL_ID,
  seedPrices,
  signature,
  startApp,
  str,
  textOf,
} from './harness.ts';

// The interactions endpoint as Discord uses it: real signed HTTP requests to our HTTP server,
// answers read back as Discord would read them.

let app: App;
beforeAll(async () => {
  app = await startApp();
  await seedPrices(app.core);
  await app.importList(LIST);
});

const EPHEMERAL = 64;
const sub = (name: string, options: unknown[] = []) => ({ name, type: 1, options });
/** the names listed one per line as `name · <t:…>` */
const namesIn = (text: string) => [...text.matchAll(/^(\S+) · <t:\d+:f>( · score \d+)?$/gm)].map((m) => m[1]);

describe('signatures', () => {
  const ping = JSON.stringify({ id: '1', application_id: '2', type: 1, token: 't', version: 1 });

  it('answers a signed PING with PONG', async () => {
    const res = await app.post(ping);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(await res.json()).toEqual({ type: 1 });
  });

  it('refuses a request signed with another key, a changed body, a missing or stale signature with 401', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const stranger = generateKeyPairSync('ed25519').privateKey;
    const now = String(Math.floor(Date.now() / 1000));
    const forged = await app.post(ping, {
      'x-signature-ed25519': signature(stranger, now, ping),
      'x-signature-timestamp': now,
    });
    expect(forged.status).toBe(401);

    const signedOther = signature(app.privateKey, now, ping);
    const changed = await app.post(ping.replace('"type":1', '"type": 1'), {
      'x-signature-ed25519': signedOther,
      'x-signature-timestamp': now,
    });
    expect(changed.status).toBe(401);

    const unsigned = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: ping,
    });
    expect(unsigned.status).toBe(401);

    const old = String(Math.floor(Date.now() / 1000) - 600);
    const stale = await app.post(ping, {
      'x-signature-ed25519': signature(app.privateKey, old, ping),
      'x-signature-timestamp': old,
    });
    expect(stale.status).toBe(401);
  });

  it('answers 400 to a signed body that is not an interaction', async () => {
    expect((await app.post('not json')).status).toBe(400);
    expect((await app.post(JSON.stringify({ type: 'ping' }))).status).toBe(400);
  });
});

describe('/drops', () => {
  it('lists the matching names best first, with their scores, in an embed, with mentions off', async () => {
    const { status, json } = await app.invoke('drops', [str('keyword', 'shop'), str('zone', 'com')]);
    expect(status).toBe(200);
    expect(json.type).toBe(4);
    expect(json.data.flags).toBeUndefined();
    expect(json.data.allowed_mentions).toEqual({ parse: [] });
    const text = textOf(json.data);
    expect(text).toContain('3 names');
    // best first: shop (a word of four letters), shop24 (digits among letters), my-shop (a hyphen)
    expect(namesIn(text)).toEqual(['shop.com', 'shop24.com', 'my-shop.com']);
    expect(text).toContain(`shop.com · <t:${Date.parse('2026-12-02T10:00:00Z') / 1000}:f> · score 87`);
  });

  it('filters by length', async () => {
    const text = textOf((await app.invoke('drops', [int('max_length', 3)])).json.data);
    expect(namesIn(text)).toEqual(['abc.com', 'zz.org', 'xyz.net']);
  });

  it('keeps the names whose score reaches min_score', async () => {
    const text = textOf((await app.invoke('drops', [int('min_score', 80)])).json.data);
    expect(text).toContain('score at least 80');
    const scores = [...text.matchAll(/ · score (\d+)$/gm)].map((m) => Number(m[1]));
    expect(scores.length).toBeGreaterThan(0);
    expect(scores.every((n) => n >= 80)).toBe(true);
    expect(namesIn(text)).toContain('shop.com');
  });

  it('says so when nothing matches', async () => {
    const text = textOf((await app.invoke('drops', [str('keyword', 'nothinglikethis')])).json.data);
    expect(text).toContain('No listed name matches');
  });

  it('explains a bad option only to the member who gave it', async () => {
    const { json } = await app.invoke('drops', [str('keyword', 'shop.com')]);
    expect(json.type).toBe(4);
    expect(json.data.flags).toBe(EPHEMERAL);
    expect(textOf(json.data)).toMatch(/^Sorry, that did not work: .*label only/);
  });

  it('refuses options it does not know, politely', async () => {
    const { json } = await app.invoke('drops', [str('colour', 'red')]);
    expect(json.data.flags).toBe(EPHEMERAL);
    expect(textOf(json.data)).toContain('Sorry, the options do not work');
  });
});

describe('/upcoming', () => {
  it('counts the names per drop day and shows the best names by score', async () => {
    const text = textOf((await app.invoke('upcoming')).json.data);
    expect(text).toContain('2026-12-02: 4 names');
    expect(text).toContain('2026-12-03: 3 names');
    expect(text).toContain('2026-12-04: 1 name');
    // priced zones (com, de; net's price is 0), best first
    expect(text).toContain('**Best names** (by quality score, in zones we sell)');
    expect(namesIn(text)).toEqual([
      'abc.com',
      'shop.com',
      'shop24.com',
      'my-shop.com',
      'bestshop.de',
      'verylongname.com',
    ]);
  });
});

describe('/price', () => {
  it('tells the price of a zone', async () => {
    const text = textOf((await app.invoke('price', [str('zone', '.COM')])).json.data);
    expect(text).toBe(
      'A backorder for a **.com** name costs 49.00 USD, charged only if the name is caught for you.',
    );
  });

  it('says when a zone is not offered (no price, or 0)', async () => {
    expect(textOf((await app.invoke('price', [str('zone', 'net')])).json.data)).toContain(
      '**.net** are not offered',
    );
    expect(textOf((await app.invoke('price', [str('zone', 'org')])).json.data)).toContain(
      '**.org** are not offered',
    );
  });

  it('explains a zone that cannot be one', async () => {
    const { json } = await app.invoke('price', [str('zone', 'not a zone')]);
    expect(json.data.flags).toBe(EPHEMERAL);
    expect(textOf(json.data)).toContain('does not end in a valid zone');
  });

  it('needs the zone', async () => {
    const { json } = await app.invoke('price');
    expect(json.data.flags).toBe(EPHEMERAL);
    expect(textOf(json.data)).toContain('zone');
  });
});

describe('/alerts', () => {
  it('is for members with Manage Server only', async () => {
    for (const permissions of [0n, 0x8000n /* other bits, not 0x20 */]) {
      const { json } = await app.invoke('alerts', [sub('list')], { permissions });
      expect(json.data.flags).toBe(EPHEMERAL);
      expect(textOf(json.data)).toContain('only members with the **Manage Server** permission');
    }
    const { json } = await app.invoke('alerts', [sub('add', [str('keyword', 'shop')])], { permissions: 0n });
    expect(textOf(json.data)).toContain('Manage Server');
    expect(await app.core.db.prisma.watchRule.count()).toBe(0);
  });

  it('works only in a server channel', async () => {
    const { json } = await app.invoke('alerts', [sub('list')], { guild_id: undefined, permissions: null });
    expect(json.data.flags).toBe(EPHEMERAL);
    expect(textOf(json.data)).toContain('belong to a server channel');
  });

  it('adds, lists and removes the rules of a channel, ephemeral', async () => {
    const added = await app.invoke('alerts', [
      sub('add', [
        str('keyword', 'shop'),
        str('zone', '.COM'),
        int('max_length', 8),
        bool('no_digits', true),
        str('name', 'Shops'),
      ]),
    ]);
    expect(added.json.data.flags).toBe(EPHEMERAL);
    const addText = textOf(added.json.data);
    const id = Number(/#(\d+)/.exec(addText)?.[1]);
    expect(addText).toContain('saved as “Shops”: keyword “shop”, .com, at most 8 characters, no digits.');
    expect(addText).toContain('2 names match today');
    const stored = await app.core.db.prisma.watchRule.findUniqueOrThrow({ where: { id } });
    expect(stored).toMatchObject({
      platform: 'discord',
      channelId: CHANNEL_ID,
      customerId: null,
      name: 'Shops',
    });
    expect(JSON.parse(stored.query)).toEqual({
      keyword: 'shop',
      zones: ['com'],
      maxLength: 8,
      noDigits: true,
    });

    const listed = textOf((await app.invoke('alerts', [sub('list')])).json.data);
    expect(listed).toContain(`**#${id}** Shops: keyword “shop”, .com, at most 8 characters, no digits`);
    expect(
      textOf((await app.invoke('alerts', [sub('list')], { channel_id: OTHER_CHANNEL_ID })).json.data),
    ).toContain('This channel has no alert rules');

    // another channel cannot remove it
    const elsewhere = await app.invoke('alerts', [sub('remove', [int('id', id)])], {
      channel_id: OTHER_CHANNEL_ID,
    });
    expect(textOf(elsewhere.json.data)).toContain(`This channel has no alert rule #${id}`);
    expect(await app.core.db.prisma.watchRule.count({ where: { id } })).toBe(1);

    const removed = await app.invoke('alerts', [sub('remove', [int('id', id)])]);
    expect(textOf(removed.json.data)).toBe(`Alert rule **#${id}** removed.`);
    expect(await app.core.db.prisma.watchRule.count({ where: { id } })).toBe(0);
  });

  it('wants at least one filter, and a valid one', async () => {
    const none = await app.invoke('alerts', [sub('add', [str('name', 'everything')])]);
    expect(textOf(none.json.data)).toContain('Give at least one filter');
    const bad = await app.invoke('alerts', [sub('add', [str('keyword', 'a.b')])]);
    expect(textOf(bad.json.data)).toContain('Sorry, that did not work');
    expect(await app.core.db.prisma.watchRule.count({ where: { name: 'everything' } })).toBe(0);
  });

  it('escapes a hostile rule name and never lets it mention anyone', async () => {
    const hostile = '@everyone **bold** [click](https://evil.example) <@123456789012345678>';
    const { json } = await app.invoke('alerts', [sub('add', [str('keyword', 'abc'), str('name', hostile)])]);
    const text = textOf(json.data);
    expect(json.data.allowed_mentions).toEqual({ parse: [] });
    expect(text).toContain(
      '@\u200beveryone \\*\\*bold\\*\\* \\[click\\]\\(https://evil.example\\) \\<@123456789012345678\\>',
    );
    expect(text).not.toContain('@everyone');
    expect(text).not.toContain('**bold**');
  });
});

describe('unknown commands', () => {
  it('answers politely and only to the member', async () => {
    const { json } = await app.invoke('teleport');
    expect(json.type).toBe(4);
    expect(json.data.flags).toBe(EPHEMERAL);
    expect(textOf(json.data)).toContain('no /teleport command');
  });
});
