import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { notificationRoutes } from '../../bots/index.ts';
import { MINUTE, silentLogger } from '../../src/index.ts';
import { dispatchOnce } from '../../src/notify/dispatcher.ts';
import { at, DE, EN, type Harness, startTelegram, type User, visible } from '../telegram/harness.ts';
import { type App, bool, int, MEMBER_ID, startApp, str, textOf } from './harness.ts';

// Linking a Discord member to a customer account: a one-time code from the real grammY bot (against
// the fake Bot API), entered in the real Discord app (signed interactions over HTTP, discord.js
// against the fake Discord API), both on one core and one database. Then /backorder and
// /mybackorders work in Discord for that customer, and for nobody else.

let h: Harness;
let app: App;
beforeAll(async () => {
  h = await startTelegram();
  app = await startApp({}, { core: h.core, clock: h.clock });
  await h.core.pricing.set('com', 'USD', 4900n);
  await h.importList([
    ['shop.com', at(1, 1)],
    ['abc.com', at(2, 3)],
    ['pick.com', at(2, 3)],
  ]);
});

const EPHEMERAL = 64;

/** distinct Discord users, one per scenario */
const ANN = MEMBER_ID;
const DORA = '888888888888888881';
const EVE = '888888888888888882';
const MALLORY = '888888888888888883';
const PAT = '888888888888888884';
const QUIN = '888888888888888885';
const SAM = '888888888888888886';

/** a Discord command by `user`; the reply as the member reads it */
async function discord(name: string, options: unknown[], user: string) {
  const { status, json } = await app.invoke(name, options, { user_id: user });
  expect(status).toBe(200);
  expect(json.type).toBe(4);
  return { text: textOf(json.data), ephemeral: (json.data.flags ?? 0) === EPHEMERAL };
}

/** /link in Telegram: the code the customer reads */
async function codeFor(user: User): Promise<string> {
  const r = await h.send('/link', user);
  const m = /<code>([A-Z0-9]{8})<\/code>/.exec(r.text);
  if (!m) throw new Error(`no code in ${r.text}`);
  return m[1]!;
}

const link = (code: string, user: string) => discord('link', [str('code', code)], user);
const customerOf = (telegramId: number) => h.core.customers.find(`telegram:${telegramId}`);
const discordIdentity = (user: string) =>
  h.core.db.prisma.identity.findUnique({
    where: { platform_externalId: { platform: 'discord', externalId: user } },
  });

describe('/link in Telegram', () => {
  it('gives a one-time code of 8 unambiguous characters, valid 10 minutes, kept only as its SHA-256', async () => {
    const r = await h.send('/link', EN);
    const text = visible(r.text);
    const code = /Your code for Discord: ([A-Z0-9]{8})/.exec(text)?.[1];
    expect(code).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{8}$/);
    expect(text).toContain(`/link code:${code}`);
    expect(text).toContain('10 minutes');
    expect(text).toContain('2026-12-01 09:10 UTC');
    const rows = await h.core.db.prisma.linkCode.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.codeHash).toBe(createHash('sha256').update(code!).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(code);
  });

  it('a new /link replaces the previous code', async () => {
    const first = await codeFor(EN);
    const second = await codeFor(EN);
    expect(second).not.toBe(first);
    const customer = await customerOf(EN.id);
    expect(await h.core.db.prisma.linkCode.count({ where: { customerId: customer.id } })).toBe(1);
    const r = await link(first, QUIN);
    expect(r.text).toContain('That code is not valid');
    expect(await discordIdentity(QUIN)).toBeNull();
  });

  it('is in the command menu and /help, in English and German', async () => {
    await h.fake.waitFor(() => h.fake.callsTo('setMyCommands').length >= 3);
    const menus = h.fake.callsTo('setMyCommands').map((c) => c.params);
    const described = (lang: string | undefined) =>
      menus
        .find((p) => p.language_code === lang)
        ?.commands.find((c: { command: string }) => c.command === 'link')?.description;
    expect(described('en')).toBe('Link your Discord account');
    expect(described('de')).toBe('Ihr Discord-Konto verknüpfen');
    expect(visible((await h.send('/help', DE)).text)).toContain('/link – Ihr Discord-Konto verknüpfen');
    const de = visible((await h.send('/link', DE)).text);
    expect(de).toContain('Ihr Code für Discord');
    expect(de).toContain('10 Minuten');
  });
});

describe('the whole way: code → link → /backorder → /mybackorders', () => {
  it('links the Discord member to the Telegram customer, and opens a DM for notifications', async () => {
    const code = await codeFor(EN);
    const r = await link(code.toLowerCase(), ANN);
    expect(r.ephemeral).toBe(true);
    expect(r.text).toContain('Your Discord account is now linked to the customer account **Ann**');
    expect(r.text).toContain('direct messages');
    const identity = await discordIdentity(ANN);
    const customer = await customerOf(EN.id);
    expect(identity?.customerId).toBe(customer.id);
    expect(identity?.address).toBe(app.fake.dmChannels.get(ANN));
    expect(identity?.unreachableAt).toBeNull();
    expect((await h.core.customers.find(`discord:${ANN}`)).id).toBe(customer.id);
    const log = await h.core.logs.list({ limit: 5 });
    expect(log.some((l) => l.message === `customer ${customer.id}: discord:${ANN} linked`)).toBe(true);
  });

  it('/backorder places it for that customer: drop time (UTC), price, nothing charged until caught', async () => {
    const r = await discord('backorder', [str('name', 'Shop.com')], ANN);
    expect(r.ephemeral).toBe(true);
    expect(r.text).toMatch(/Backorder placed: \*\*shop\.com\*\* \(#\d+\)/);
    expect(r.text).toContain('Drop: 2026-12-02 10:00 UTC');
    expect(r.text).toContain('Price: 49.00 USD. Nothing is charged until we catch the name');
    expect(r.text).toContain('by 2026-11-29 10:00 UTC (3 days before the drop)');
    expect(r.text).toContain('Available now: 0.00 USD. Please top up 49.00 USD');
    const customer = await customerOf(EN.id);
    const mine = await h.core.backorders.list({ customerId: customer.id });
    expect(mine.items.map((b) => [b.fqdn, b.status])).toEqual([['shop.com', 'REQUESTED']]);
    const [placed] = await h.core.logs.list({ fqdn: 'shop.com' });
    expect(placed?.actor).toBe(`discord:${ANN}`);
  });

  it('a name not in the drop list: drop time not known yet', async () => {
    const r = await discord('backorder', [str('name', 'unlisted-name.com')], ANN);
    expect(r.text).toContain('Drop time: not known yet');
    expect(r.text).toContain('49.00 USD must be available on your balance 3 days before the drop');
  });

  it('/mybackorders lists them, with status, drop time in UTC and price', async () => {
    const r = await discord('mybackorders', [], ANN);
    expect(r.ephemeral).toBe(true);
    expect(r.text).toContain('**Your backorders** · all: 2 · page 1 of 1');
    expect(r.text).toMatch(
      /#\d+ \*\*shop\.com\*\* · requested · 2026-12-02 10:00 UTC · 49\.00 USD · cancellable until 2026-12-02 08:00 UTC/,
    );
    expect(r.text).toMatch(/#\d+ \*\*unlisted-name\.com\*\* · requested · drop not known yet · 49\.00 USD/);
  });

  it('the Telegram bot shows the backorder placed in Discord', async () => {
    const r = await h.send('/mybackorders', EN);
    expect(visible(r.text)).toContain('shop.com');
  });

  it('the customer is told in Telegram and in the Discord DM', async () => {
    const stats = await dispatchOnce({
      core: h.core,
      channels: [...h.bot.channels, ...app.bot.channels],
      routes: notificationRoutes(h.core.config),
      log: silentLogger,
      clock: h.clock,
    });
    expect(stats.dead).toBe(0);
    const dm = app.channelMessages(app.fake.dmChannels.get(ANN)!);
    expect(dm.some((m) => textOf(m).includes('shop.com'))).toBe(true);
    expect(dm.every((m) => JSON.stringify(m.allowed_mentions) === '{"parse":[]}')).toBe(true);
    expect(h.fake.to(EN.id).some((m) => visible(m.text).includes('shop.com'))).toBe(true);
  });

  it('refusals of the core come worded, only to the member', async () => {
    const again = await discord('backorder', [str('name', 'shop.com')], ANN);
    expect(again.ephemeral).toBe(true);
    expect(again.text).toContain('You already have an open backorder for this name.');
    const zone = await discord('backorder', [str('name', 'shop.net')], ANN);
    expect(zone.text).toContain('We do not offer backorders in this zone.');
    const bad = await discord('backorder', [str('name', 'not a name')], ANN);
    expect(bad.text).toMatch(/^Sorry, that did not work/);
  });

  it('pages a long list within the embed limits', async () => {
    for (let i = 0; i < 12; i++) await discord('backorder', [str('name', `page${i}.com`)], ANN);
    const first = await discord('mybackorders', [], ANN);
    expect(first.text).toContain('all: 14 · page 1 of 2');
    expect(first.text).toContain('More: `/mybackorders page:2`');
    expect(first.text.length).toBeLessThan(4096);
    const second = await discord('mybackorders', [int('page', 2)], ANN);
    expect(second.text).toContain('page 2 of 2');
    expect(second.text).toContain('shop.com');
    const requested = await discord('mybackorders', [str('status', 'CANCELLED')], ANN);
    expect(requested.text).toContain('You have no backorders with the status “cancelled”');
  });

  it('/backorder lite:true places Backorder Lite at the Lite price, and says until when it can be cancelled', async () => {
    await h.core.pricing.set('com', 'USD', 4900n, 'test', 1900n);
    try {
      const r = await discord('backorder', [str('name', 'pick.com'), bool('lite', true)], ANN);
      expect(r.text).toContain('Price: 19.00 USD.');
      expect(r.text).toContain('You can cancel until 2026-12-03 10:00 UTC (the finalization deadline).');
      expect(r.text).toContain('Backorder Lite: regular backorders of this name come first');
      const mine = await discord('mybackorders', [], ANN);
      expect(mine.text).toMatch(
        /#\d+ \*\*pick\.com\*\* · Lite · requested · 2026-12-03 12:00 UTC · 19\.00 USD · cancellable until 2026-12-03 10:00 UTC/,
      );
    } finally {
      await h.core.pricing.set('com', 'USD', 4900n, 'test', 0n);
    }
  });
});

describe('codes that do not work', () => {
  it('a used code does not work again', async () => {
    const code = await codeFor(DE);
    expect((await link(code, DORA)).text).toContain('now linked');
    const r = await link(code, EVE);
    expect(r.ephemeral).toBe(true);
    expect(r.text).toContain('That code is not valid');
    expect(await discordIdentity(EVE)).toBeNull();
  });

  it('a code works for 10 minutes, and not after', async () => {
    const early = await h.core.customers.create({ name: 'Early' });
    const inTime = await h.core.customers.issueLinkCode(early.id);
    const code = await codeFor(DE);
    h.clock.advance(10 * MINUTE - 1000);
    expect((await link(inTime.code, SAM)).text).toContain('now linked to the customer account **Early**');
    h.clock.advance(1000);
    const r = await link(code, EVE);
    expect(r.ephemeral).toBe(true);
    expect(r.text).toContain(
      'That code is not valid: it may be mistyped, expired \\(a code lasts 10 minutes\\)',
    );
    expect(await discordIdentity(EVE)).toBeNull();
  });

  it('a wrong code, or something that is not a code, is refused politely', async () => {
    for (const typed of ['ABCDEFGH', 'hello', '0O1IL000']) {
      const r = await link(typed, EVE);
      expect(r.ephemeral).toBe(true);
      expect(r.text).toMatch(/^Sorry, that did not work\. That code is not valid/);
    }
    expect(await discordIdentity(EVE)).toBeNull();
  });

  it('stops guessing after 5 wrong codes within 10 minutes, even the right one', async () => {
    const customer = await h.core.customers.create({ name: 'Victim' });
    const { code } = await h.core.customers.issueLinkCode(customer.id);
    for (let i = 0; i < 5; i++) {
      expect((await link(`WRNGCD${String.fromCharCode(65 + i)}A`, MALLORY)).text).toContain(
        'That code is not valid',
      );
    }
    const blocked = await link(code, MALLORY);
    expect(blocked.ephemeral).toBe(true);
    expect(blocked.text).toContain('Too many wrong codes. Please try again in 10 minutes.');
    expect(await discordIdentity(MALLORY)).toBeNull();
    // another member is not held up by Mallory's guesses
    expect((await link('WRNGCDZZ', PAT)).text).toContain('That code is not valid');
    // 10 minutes after the first wrong guess Mallory may try again (with a new code: the old one
    // has expired by then too)
    h.clock.advance(10 * MINUTE);
    const fresh = await h.core.customers.issueLinkCode(customer.id);
    expect((await link(fresh.code, MALLORY)).text).toContain('now linked to the customer account **Victim**');
  });
});

describe('members who are not linked, or linked elsewhere', () => {
  it('an unlinked member gets a hint about /link and the Telegram bot, and nothing happens', async () => {
    const before = await h.core.db.prisma.backorder.count();
    for (const [name, options] of [
      ['backorder', [str('name', 'abc.com')]],
      ['mybackorders', []],
    ] as const) {
      const r = await discord(name, [...options], EVE);
      expect(r.ephemeral).toBe(true);
      expect(r.text).toContain('Your Discord account is not linked to a customer account yet');
      expect(r.text).toContain('Open our Telegram bot and send **/link**');
      expect(r.text).toContain('`/link code:K7QX9MPD`');
    }
    expect(await h.core.db.prisma.backorder.count()).toBe(before);
  });

  it('a member sees only their own backorders', async () => {
    await discord('backorder', [str('name', 'abc.com')], DORA);
    const dora = await discord('mybackorders', [], DORA);
    expect(dora.text).toContain('all: 1');
    expect(dora.text).toContain('abc.com');
    expect(dora.text).not.toContain('shop.com');
    const ann = await discord('mybackorders', [int('page', 1)], ANN);
    expect(ann.text).not.toContain('abc.com');
  });

  it('a member linked to one customer cannot be linked to another with its code: unlink first', async () => {
    const code = await codeFor(DE);
    const r = await link(code, ANN);
    expect(r.text).toContain(
      'This Discord account is already linked to another customer account. Unlink it first with /unlink',
    );
    expect((await discordIdentity(ANN))?.customerId).toBe((await customerOf(EN.id)).id);
    // the code was not used up by that: Dora (already Dora's account) can still use it
    expect((await link(code, DORA)).text).toContain('was linked to the customer account **Dora** already');
  });

  it('linking a second Discord account to a customer replaces the first', async () => {
    const dora = await customerOf(DE.id);
    const code = await codeFor(DE);
    const r = await link(code, PAT);
    expect(r.text).toContain('It replaces the Discord account that was linked to it before.');
    expect(await discordIdentity(DORA)).toBeNull();
    expect((await discordIdentity(PAT))?.customerId).toBe(dora.id);
    expect(visible((await h.send('/link', DE)).text)).toContain('Ein Discord-Konto ist schon verknüpft');
  });

  it('a member whose DMs cannot be opened is linked all the same; notifications stay in Telegram', async () => {
    app.fake.refusedDms.add(QUIN);
    const customer = await h.core.customers.create({ name: 'Quin' });
    const { code } = await h.core.customers.issueLinkCode(customer.id);
    const r = await link(code, QUIN);
    expect(r.text).toContain('now linked');
    expect(r.text).toContain('notifications about your backorders come in Telegram only');
    const identity = await discordIdentity(QUIN);
    expect(identity?.address).toBeNull();
    expect(identity?.unreachableAt).not.toBeNull();
    await discord('backorder', [str('name', 'quin.com')], QUIN);
    await dispatchOnce({
      core: h.core,
      channels: [...h.bot.channels, ...app.bot.channels],
      routes: notificationRoutes(h.core.config),
      log: silentLogger,
      clock: h.clock,
    });
    const rows = await h.core.db.prisma.notification.findMany({ where: { channel: 'discord' } });
    expect(rows.some((n) => n.recipient === QUIN)).toBe(false);
  });

  it('/unlink removes the link; the account and its backorders stay', async () => {
    const customer = await customerOf(EN.id);
    const r = await discord('unlink', [], ANN);
    expect(r.ephemeral).toBe(true);
    expect(r.text).toContain('Your Discord account is no longer linked to the customer account **Ann**');
    expect(await discordIdentity(ANN)).toBeNull();
    expect((await discord('mybackorders', [], ANN)).text).toContain('is not linked');
    // the 14 of the paging test and the Lite one
    expect((await h.core.backorders.list({ customerId: customer.id })).total).toBe(15);
    expect((await h.send('/mybackorders', EN)).text).toContain('All: 15');
    // and it can be linked again
    expect((await link(await codeFor(EN), ANN)).text).toContain('now linked');
  });
});

describe('/help in Discord', () => {
  it('lists every command and how to link', async () => {
    const r = await discord('help', [], EVE);
    expect(r.ephemeral).toBe(true);
    for (const c of ['drops', 'upcoming', 'price', 'alerts', 'link', 'unlink', 'backorder', 'mybackorders'])
      expect(r.text).toContain(`**/${c}** – `);
    expect(r.text).toContain('Open our Telegram bot and send **/link**');
  });
});
