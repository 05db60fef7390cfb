import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DISCORD_CHANNEL } from '../../bots/discord/channel-spec.ts';
import { notificationChannels, notificationRoutes } from '../../bots/index.ts';
import { SLACK_CHANNEL } from '../../bots/slack/channel-spec.ts';
import { fixedClock, systemClock } from '../../src/clock.ts';
import type { Db } from '../../src/db/client.ts';
import { silentLogger } from '../../src/log.ts';
import { MAX_ATTEMPTS } from '../../src/notify/deliver.ts';
import { startDispatcher } from '../../src/notify/dispatcher.ts';
import { createI18n } from '../../src/notify/i18n.ts';
import { SHIPPED_LOCALES } from '../../src/notify/service.ts';
import { createRenderer } from '../../src/notify/templates.ts';
import { RecordingChannel } from '../fakes/recording-channel.ts';
import { freshDb } from '../helpers/db.ts';
import { coreFor, customer, event, once } from './fixtures.ts';

let db: Db;
beforeAll(async () => {
  db = await freshDb();
});
// Every test starts from an empty outbox; customers stay (each test makes its own).
beforeEach(async () => {
  await db.prisma.notification.deleteMany();
  await db.prisma.outbox.deleteMany();
  await db.prisma.watchRule.deleteMany();
});

const T0 = '2026-12-01T10:00:00.000Z';
const telegram = () => new RecordingChannel();
const slack = () => new RecordingChannel(SLACK_CHANNEL);
/** plain message content (2000 characters) rather than embeds */
const discord = () =>
  new RecordingChannel({
    ...DISCORD_CHANNEL,
    limits: { maxChars: 2000, perDestination: { count: 5, perMs: 2000 } },
  });
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** test/notify/child.ts in its own process: resolves `ready` when it says so, `done` with its output */
function child(...args: string[]) {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'test/notify/child.ts', ...args], { cwd: ROOT });
  let out = '';
  let err = '';
  let onReady: () => void = () => {};
  const ready = new Promise<void>((r) => {
    onReady = r;
  });
  proc.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.startsWith('ready\n')) onReady();
  });
  proc.stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const done = new Promise<string>((resolve, reject) =>
    proc.on('close', (code) =>
      code === 0 ? resolve(out.replace(/^ready\n/, '')) : reject(new Error(`child failed: ${err}`)),
    ),
  );
  return { ready, done, go: () => proc.stdin.end('go\n') };
}

const rows = (where: object = {}) => db.prisma.notification.findMany({ where, orderBy: { id: 'asc' } });

describe('expansion and dedupe', () => {
  it('one notification per event, recipient and channel; re-running sends nothing again', async () => {
    const clock = fixedClock(T0);
    const c = await customer(db, {
      identities: [{ platform: 'telegram' }, { platform: 'slack' }, { platform: 'discord' }],
    });
    const key = await event(db, clock.now(), 'backorder.placed', { customerId: c.id });
    const [tg, sl, dc] = [telegram(), slack(), discord()];

    const first = await once(db, [tg, sl, dc], clock);
    expect(first).toMatchObject({ expanded: 1, sent: 3, retried: 0, dead: 0 });
    expect([tg.sent.length, sl.sent.length, dc.sent.length]).toEqual([1, 1, 1]);
    expect(tg.sent[0]!.recipient).toBe(c.identities.find((i) => i.platform === 'telegram')!.externalId);

    // the core writing the same change again, and the dispatcher running again
    await event(db, clock.now(), 'backorder.placed', { customerId: c.id, key });
    expect(await once(db, [tg, sl, dc], clock)).toMatchObject({ expanded: 0, sent: 0 });
    expect([tg.sent.length, sl.sent.length, dc.sent.length]).toEqual([1, 1, 1]);
    const all = await rows();
    expect(all.map((n) => n.status)).toEqual(['SENT', 'SENT', 'SENT']);
    expect(new Set(all.map((n) => n.dedupeKey)).size).toBe(3);
  });

  it('two dispatchers in two processes never deliver a notification twice', { timeout: 60_000 }, async () => {
    const clock = fixedClock(T0);
    const customers = await Promise.all(Array.from({ length: 40 }, () => customer(db)));
    let id = 1000;
    for (let round = 0; round < 5; round++) {
      for (const c of customers) {
        await event(db, clock.now(), 'backorder.placed', {
          customerId: c.id,
          payload: { backorderId: id++ },
        });
      }
    }
    const children = ['one', 'two'].map((name) => child('dispatch', db.url, name, T0));
    await Promise.all(children.map((c) => c.ready));
    for (const c of children) c.go();
    const results = (await Promise.all(children.map((c) => c.done))).map((out) => JSON.parse(out));
    expect(results.reduce((n, r) => n + r.stats.expanded, 0)).toBe(200);
    expect(results.reduce((n, r) => n + r.stats.sent, 0)).toBe(200);
    const texts = results.flatMap((r) => r.texts).join('\n');
    for (let n = 1000; n < 1200; n++) expect(texts.split(`· #${n}\n`).length - 1, `backorder #${n}`).toBe(1);
    expect(await db.prisma.notification.count()).toBe(200);
    expect(await db.prisma.notification.count({ where: { status: 'SENT' } })).toBe(200);
  });

  it('customers hear on every platform they use, except what they muted; results and money cannot be muted', async () => {
    const clock = fixedClock(T0);
    const c = await customer(db, {
      muted: 'auction.*,droptime.changed,backorder.caught',
      identities: [{ platform: 'telegram' }],
    });
    for (const kind of [
      'auction.outbid',
      'droptime.changed',
      'auction.won',
      'backorder.caught',
      'backorder.placed',
    ] as const) {
      await event(db, clock.now(), kind, { customerId: c.id });
    }
    const tg = telegram();
    await once(db, [tg], clock);
    const kinds = (await db.prisma.notification.findMany({ include: { outbox: true } }))
      .map((n) => n.outbox.kind)
      .sort();
    expect(kinds).toEqual(['auction.won', 'backorder.caught', 'backorder.placed']);
  });

  it('staff events go to the Slack alert channel, community events to the webhook and every Discord alert channel', async () => {
    const clock = fixedClock(T0);
    await db.prisma.watchRule.create({ data: { platform: 'discord', channelId: '555', query: '{}' } });
    await db.prisma.watchRule.create({
      data: { platform: 'discord', channelId: '555', query: '{"zone":"de"}' },
    });
    await event(db, clock.now(), 'staff.job-failed', { audience: 'STAFF' });
    await event(db, clock.now(), 'community.caught', { audience: 'COMMUNITY' });
    const [sl, dc] = [slack(), discord()];
    await once(db, [sl, dc], clock);
    expect(sl.sent.map((s) => s.recipient)).toEqual(['C-ALERTS']);
    expect(dc.sent.map((s) => s.recipient).sort()).toEqual(['555', 'webhook']);
  });

  it('without an alert channel or webhook configured, staff and community events reach nobody', async () => {
    const clock = fixedClock(T0);
    await event(db, clock.now(), 'staff.job-failed', { audience: 'STAFF' });
    await event(db, clock.now(), 'community.caught', { audience: 'COMMUNITY' });
    const stats = await once(db, [slack(), discord()], clock, {
      env: { SLACK_ALERT_CHANNEL: '', DISCORD_WEBHOOK_URL: '' },
    });
    expect(stats).toMatchObject({ expanded: 2, sent: 0 });
    expect(await db.prisma.notification.count()).toBe(0);
  });

  it('notifications for a platform this process cannot send to wait in the database for one that can', async () => {
    const clock = fixedClock(T0);
    const c = await customer(db, { identities: [{ platform: 'telegram' }, { platform: 'discord' }] });
    await event(db, clock.now(), 'backorder.placed', { customerId: c.id });
    await once(db, [telegram()], clock);
    expect((await rows({ channel: 'discord' }))[0]!.status).toBe('PENDING');
    const dc = discord();
    await once(db, [dc], clock);
    expect(dc.sent).toHaveLength(1);
  });
});

describe('digests and long messages', () => {
  it('several pending events for one recipient go out as one message', async () => {
    const clock = fixedClock(T0);
    const c = await customer(db);
    for (let i = 0; i < 5; i++) {
      await event(db, clock.now(), 'backorder.processing', {
        customerId: c.id,
        payload: { backorderId: 500 + i },
      });
    }
    const tg = telegram();
    await once(db, [tg], clock);
    expect(tg.sent).toHaveLength(1);
    for (let i = 0; i < 5; i++) expect(tg.sent[0]!.message.text).toContain(`· #${500 + i}`);
    const sent = await rows();
    expect(new Set(sent.map((n) => n.providerMessageId))).toEqual(new Set([sent[0]!.providerMessageId]));
  });

  it('a burst larger than one message becomes a few full messages, none over the limit', async () => {
    const clock = fixedClock(T0);
    const c = await customer(db);
    for (let i = 0; i < 150; i++) {
      await event(db, clock.now(), 'backorder.caught', {
        customerId: c.id,
        payload: { backorderId: 600 + i },
      });
    }
    const tg = telegram();
    const stats = await once(db, [tg], clock);
    expect(stats.sent).toBe(150);
    expect(tg.sent.length).toBeGreaterThan(3);
    expect(tg.sent.length).toBeLessThan(10);
    for (const s of tg.sent) expect(s.message.text.length).toBeLessThanOrEqual(4096);
  });

  it('a notification longer than a message goes in parts; after a failure only the missing parts are sent', async () => {
    const clock = fixedClock(T0);
    const c = await customer(db);
    const items = Array.from({ length: 300 }, (_, i) => ({ fqdn: `name-${i}.com`, dropAt: T0 }));
    await event(db, clock.now(), 'watch.matches', { customerId: c.id, payload: { total: 300, items } });
    const tg = telegram();
    const recipient = c.identities[0]!.externalId;
    tg.script(
      recipient,
      { ok: true, providerMessageId: 'x' },
      { ok: false, retryable: true, error: '502 Bad Gateway' },
    );
    await once(db, [tg], clock);
    expect(tg.sent).toHaveLength(1);
    const [row] = await rows();
    expect(row).toMatchObject({ status: 'PENDING', attempts: 1 });
    expect(row!.providerMessageId?.split(',')).toHaveLength(1);

    clock.advance(5_000);
    await once(db, [tg], clock);
    const texts = tg.sent.map((s) => s.message.text);
    expect(texts.length).toBeGreaterThan(2);
    expect(new Set(texts).size).toBe(texts.length);
    const all = texts.join('\n');
    for (const item of items) expect(all.split(`${item.fqdn}:`).length - 1).toBe(1);
    const [done] = await rows();
    expect(done!.status).toBe('SENT');
    expect(done!.providerMessageId!.split(',')).toHaveLength(texts.length);
  });
  it('a notification whose template shrank between attempts to no more parts than were delivered counts as said', async () => {
    const clock = fixedClock(T0);
    const c = await customer(db);
    const items = Array.from({ length: 300 }, (_, i) => ({ fqdn: `shrunk-${i}.com`, dropAt: T0 }));
    await event(db, clock.now(), 'watch.matches', { customerId: c.id, payload: { total: 300, items } });
    const tg = telegram();
    tg.script(
      c.identities[0]!.externalId,
      { ok: true, providerMessageId: 'x' },
      { ok: false, retryable: true, error: '502' },
    );
    await once(db, [tg], clock);
    expect(tg.sent).toHaveLength(1);

    const dir = mkdtempSync(join(tmpdir(), 'templates-'));
    mkdirSync(join(dir, 'telegram'));
    writeFileSync(join(dir, 'telegram', 'watch.matches.hbs'), '{{total}} new names\n');
    const renderer = createRenderer({
      channels: notificationChannels,
      i18n: createI18n({ dir: SHIPPED_LOCALES }),
      overrideDir: dir,
    });
    clock.advance(5_000);
    expect(await once(db, [tg], clock, { renderer })).toMatchObject({ sent: 1 });
    expect(tg.sent).toHaveLength(1);
    expect((await rows())[0]!.status).toBe('SENT');
  });
});

// 429 and backoff are measured in wall time: a busy neighbour on a 2-core machine can starve one run.
describe('failures', { retry: 2 }, () => {
  it('429: waits exactly what the platform asked before trying again', async () => {
    const clock = fixedClock(T0);
    const c = await customer(db);
    const recipient = c.identities[0]!.externalId;
    await event(db, clock.now(), 'backorder.placed', { customerId: c.id });
    const tg = telegram();
    tg.script(recipient, {
      ok: false,
      retryable: true,
      error: '429 Too Many Requests: retry after 7',
      retryAfterMs: 7000,
    });
    expect(await once(db, [tg], clock)).toMatchObject({ sent: 0, retried: 1 });
    const [row] = await rows();
    expect(row).toMatchObject({
      status: 'PENDING',
      attempts: 0, // a rate limit is no failed attempt
      lastError: '429 Too Many Requests: retry after 7',
    });
    expect(row!.nextAttemptAt.toISOString()).toBe('2026-12-01T10:00:07.000Z');
    clock.advance(6_999);
    expect(await once(db, [tg], clock)).toMatchObject({ sent: 0 });
    clock.advance(1);
    expect(await once(db, [tg], clock)).toMatchObject({ sent: 1 });
    expect(tg.sent).toHaveLength(1);
  });

  it('5xx: exponential backoff, then delivered once the platform recovers', async () => {
    const clock = fixedClock(T0);
    const c = await customer(db);
    const recipient = c.identities[0]!.externalId;
    await event(db, clock.now(), 'backorder.placed', { customerId: c.id });
    const tg = telegram();
    const bad = { ok: false as const, retryable: true as const, error: '502 Bad Gateway' };
    tg.script(recipient, bad, bad, bad);
    const waits: number[] = [];
    for (let i = 0; i < 3; i++) {
      await once(db, [tg], clock);
      const [row] = await rows();
      waits.push(row!.nextAttemptAt.getTime() - clock.now().getTime());
      clock.set(row!.nextAttemptAt);
    }
    expect(waits).toEqual([5_000, 10_000, 20_000]);
    const core = coreFor(db);
    expect(await once(db, [tg], clock, { core })).toMatchObject({ sent: 1 });
    // the delivery lag runs from the change (its outbox row) to the message out: the three backoffs
    const lag = parsePrometheusTextFormat(await core.metrics.render()).find(
      (f) => f.name === 'backorder_notification_delivery_lag_seconds',
    );
    // one delivery, 35 s after its change: in the 60 s bucket, not the 30 s one
    expect(lag?.metrics).toMatchObject([{ buckets: { '30': '0', '60': '1', '+Inf': '1' } }]);
  });

  it(`gives up after ${MAX_ATTEMPTS} failed attempts`, async () => {
    const clock = fixedClock(T0);
    const c = await customer(db);
    await event(db, clock.now(), 'backorder.placed', { customerId: c.id });
    const tg = telegram();
    tg.script(
      c.identities[0]!.externalId,
      ...Array.from({ length: MAX_ATTEMPTS }, () => ({
        ok: false as const,
        retryable: true as const,
        error: '500',
      })),
    );
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      await once(db, [tg], clock);
      clock.advance(3_600_000);
    }
    const [row] = await rows();
    expect(row).toMatchObject({ status: 'DEAD', attempts: MAX_ATTEMPTS });
    expect(tg.calls).toHaveLength(MAX_ATTEMPTS);
  });

  it(`a rate limit lasting longer than ${MAX_ATTEMPTS} waits is waited out: not given up, delivered after`, async () => {
    const clock = fixedClock(T0);
    const c = await customer(db);
    await event(db, clock.now(), 'backorder.placed', { customerId: c.id });
    const tg = telegram();
    const limited = { ok: false as const, retryable: true as const, error: '429', retryAfterMs: 3_000 };
    tg.script(c.identities[0]!.externalId, ...Array.from({ length: MAX_ATTEMPTS * 2 }, () => limited));
    for (let i = 0; i < MAX_ATTEMPTS * 2; i++) {
      await once(db, [tg], clock);
      clock.advance(3_000);
    }
    expect((await rows())[0]).toMatchObject({ status: 'PENDING', attempts: 0 });
    expect(await once(db, [tg], clock)).toMatchObject({ sent: 1 });
    expect(tg.calls).toHaveLength(MAX_ATTEMPTS * 2 + 1);
  });

  it('blocked bot: DEAD, identity unreachable, the rest for that chat dropped, other platforms unaffected', async () => {
    const clock = fixedClock(T0);
    const c = await customer(db, { identities: [{ platform: 'telegram' }, { platform: 'slack' }] });
    const chat = c.identities.find((i) => i.platform === 'telegram')!.externalId;
    await event(db, clock.now(), 'backorder.placed', { customerId: c.id });
    const tg = telegram();
    const sl = slack();
    tg.script(chat, {
      ok: false,
      retryable: false,
      unreachable: true,
      error: '403 Forbidden: bot was blocked by the user',
    });
    expect(await once(db, [tg, sl], clock)).toMatchObject({ sent: 1, dead: 1 });
    const dead = await rows({ channel: 'telegram' });
    expect(dead[0]).toMatchObject({
      status: 'DEAD',
      lastError: '403 Forbidden: bot was blocked by the user',
    });
    const identity = await db.prisma.identity.findFirstOrThrow({
      where: { platform: 'telegram', externalId: chat },
    });
    expect(identity.unreachableAt?.toISOString()).toBe(T0);

    // later events no longer go to the dead chat, but still to Slack
    await event(db, clock.now(), 'backorder.activated', { customerId: c.id });
    await once(db, [tg, sl], clock);
    expect(tg.calls).toHaveLength(1);
    expect(sl.sent).toHaveLength(2);
  });

  it('a message the platform refuses (not the recipient) is DEAD without marking the identity', async () => {
    const clock = fixedClock(T0);
    const c = await customer(db);
    await event(db, clock.now(), 'backorder.placed', { customerId: c.id });
    const tg = telegram();
    tg.script(c.identities[0]!.externalId, {
      ok: false,
      retryable: false,
      unreachable: false,
      error: "400 Bad Request: can't parse entities",
    });
    await once(db, [tg], clock);
    expect((await rows())[0]!.status).toBe('DEAD');
    expect(
      (await db.prisma.identity.findUniqueOrThrow({ where: { id: c.identities[0]!.id } })).unreachableAt,
    ).toBeNull();
  });

  it('a payload that does not match the catalogue is DEAD with the reason; the rest of the digest still goes', async () => {
    const clock = fixedClock(T0);
    const c = await customer(db);
    await db.prisma.outbox.create({
      data: {
        kind: 'backorder.placed',
        audience: 'CUSTOMER',
        customerId: c.id,
        payload: '{"fqdn":1}',
        dedupeKey: 'bad',
        createdAt: clock.now(),
      },
    });
    await event(db, clock.now(), 'backorder.caught', { customerId: c.id });
    const tg = telegram();
    expect(await once(db, [tg], clock)).toMatchObject({ sent: 1, dead: 1 });
    const [bad] = await rows({ status: 'DEAD' });
    expect(bad!.lastError).toMatch(/^render: .*fqdn/s);
  });
});

describe('overrides', () => {
  it('a reseller template that renders nothing silences that kind (SKIPPED, nothing sent)', async () => {
    const clock = fixedClock(T0);
    const dir = mkdtempSync(join(tmpdir(), 'templates-'));
    mkdirSync(join(dir, 'telegram'));
    writeFileSync(join(dir, 'telegram', 'backorder.placed.hbs'), '{{!-- not told --}}\n');
    const renderer = createRenderer({
      channels: notificationChannels,
      i18n: createI18n({ dir: SHIPPED_LOCALES }),
      overrideDir: dir,
    });
    const c = await customer(db);
    await event(db, clock.now(), 'backorder.placed', { customerId: c.id });
    const tg = telegram();
    await once(db, [tg], clock, { renderer });
    expect(tg.calls).toHaveLength(0);
    expect((await rows())[0]!.status).toBe('SKIPPED');
  });
});

// "within a few seconds" is wall time: a busy neighbour on a 2-core machine can starve one run.
describe('the running dispatcher', { retry: 2 }, () => {
  it('delivers within a few seconds what another process wrote to the outbox, and stops cleanly', async () => {
    const tg = telegram();
    const c = await customer(db);
    const dispatcher = startDispatcher({
      core: coreFor(db),
      channels: [tg],
      routes: [],
      log: silentLogger,
      clock: systemClock,
    });
    try {
      // another process writes the event, as `backorder batch` beside the service would
      const writer = child('enqueue', db.url, String(c.id));
      await writer.done;
      const t0 = performance.now();
      while (tg.sent.length === 0 && performance.now() - t0 < 10_000)
        await new Promise((r) => setTimeout(r, 20));
      const latency = performance.now() - t0;
      expect(tg.sent).toHaveLength(1);
      expect(latency).toBeLessThan(4_000); // poll 1 s + gather 0.5 s, on a busy machine
    } finally {
      const s0 = performance.now();
      await dispatcher.stop();
      expect(performance.now() - s0).toBeLessThan(2_000);
    }
  });

  it('staff alerts written while Slack rate-limits go out once each when it recovers, however they were claimed', async () => {
    const sl = slack();
    const limited = { ok: false, retryable: true, error: 'ratelimited', retryAfterMs: 300 } as const;
    sl.script('C-ALERTS', ...Array.from({ length: 4 }, () => limited));
    const core = coreFor(db);
    const dispatcher = startDispatcher({
      core,
      channels: [sl],
      routes: notificationRoutes(core.config),
      log: silentLogger,
      clock: systemClock,
      options: { pollMs: 100, gatherMs: 50 },
    });
    const jobs = Array.from({ length: 20 }, (_, k) => `storm-job-${k}`);
    try {
      // written one by one while the dispatcher claims: they reach it in several groups
      for (const job of jobs) {
        await event(db, new Date(), 'staff.job-failed', {
          audience: 'STAFF',
          payload: { job, error: 'storm' },
        });
        await new Promise((r) => setTimeout(r, 30));
      }
      const t0 = performance.now();
      while ((await rows({ status: 'PENDING' })).length > 0 && performance.now() - t0 < 20_000)
        await new Promise((r) => setTimeout(r, 50));
    } finally {
      await dispatcher.stop();
    }
    expect(await rows({ status: { not: 'SENT' } })).toEqual([]);
    expect(sl.calls.length).toBeGreaterThan(4);
    const texts = sl.to('C-ALERTS').map((m) => m.text);
    expect(jobs.map((job) => texts.filter((t) => t.includes(`Job ${job} failed`)).length)).toEqual(
      jobs.map(() => 1),
    );
  });

  it('stopping hands back what it claimed but has not sent', async () => {
    const tg = telegram();
    const c = await customer(db);
    const items = Array.from({ length: 300 }, (_, i) => ({ fqdn: `long-${i}.com`, dropAt: T0 }));
    // three long notifications for one chat: several messages at one per second
    for (let i = 0; i < 3; i++) {
      await event(db, new Date(), 'watch.matches', {
        customerId: c.id,
        payload: { ruleId: i, total: 300, items },
      });
    }
    const dispatcher = startDispatcher({
      core: coreFor(db),
      channels: [tg],
      routes: [],
      log: silentLogger,
      clock: systemClock,
      options: { gatherMs: 0 },
    });
    while (tg.sent.length === 0) await new Promise((r) => setTimeout(r, 20));
    await dispatcher.stop();
    expect(tg.sent.length).toBeLessThan(3);
    const left = await rows({ status: 'PENDING' });
    expect(left.length).toBeGreaterThan(0);
    for (const n of left) expect(n).toMatchObject({ claimedBy: null, claimedUntil: null, attempts: 0 });
  });
});
