import { beforeAll, describe, expect, it } from 'vitest';
import { notificationRoutes } from '../../bots/index.ts';
import { createCore, enqueueWatchMatches, jobDefinitions, openDb, silentLogger } from '../../src/index.ts';
import { dispatchOnce } from '../../src/notify/dispatcher.ts';
import { createMetrics } from '../../src/prometheus.ts';
import { createRegistrar } from '../../src/registrar/create-registrar.ts';
import { at, DE, EN, expectSendable, type Harness, startTelegram, type User, visible } from './harness.ts';

// /watch: saved searches, and after each drop-list import one `watch.matches` event per rule with
// the names that import brought (never names the rule already heard of), once however many
// instances look, written by the core's after-import job (run at once after the service's own
// imports, every minute for another process's); the dispatcher then delivers it to the customer's chat.

let h: Harness;
const OTHER: User = { id: 4004, first_name: 'Olaf', language_code: 'en' };

beforeAll(async () => {
  h = await startTelegram();
  await h.core.pricing.set('com', 'USD', 4900n);
  await h.importList([
    ['shop.com', at(1)],
    ['myshop.com', at(2)],
    ['other.com', at(2)],
  ]);
  for (const u of [EN, DE, OTHER]) await h.send('/start', u);
});

/** what the service runs right after its own imports and every minute for the others */
const afterImportJob = () =>
  jobDefinitions(h.core)
    .find((j) => j.name === 'after-import')!
    .run(h.clock.now());

const customerOf = async (user: User) =>
  (
    await h.core.db.prisma.identity.findUniqueOrThrow({
      where: { platform_externalId: { platform: 'telegram', externalId: String(user.id) } },
    })
  ).customerId;

const watchEvents = async () =>
  (await h.core.db.prisma.outbox.findMany({ where: { kind: 'watch.matches' }, orderBy: { id: 'asc' } })).map(
    (r) => ({
      customerId: r.customerId,
      dedupeKey: r.dedupeKey,
      payload: JSON.parse(r.payload),
    }),
  );

describe('saving and removing', () => {
  it('/watch alone explains; /watch FILTERS saves the search and says how many match today', async () => {
    expect(visible((await h.send('/watch', EN)).text)).toContain('You have no alerts yet');
    const r = await h.send('/watch shop zone=com', EN);
    expectSendable(r);
    expect(visible(r.text)).toMatch(
      /^🔔 Alert #\d+ saved: “shop” · \.com\. 2 names match today\. After every drop-list update I send you the new names that match\.$/,
    );
    const rules = await h.core.db.prisma.watchRule.findMany({ where: { customerId: await customerOf(EN) } });
    const last = await h.core.droplist.lastImport();
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({ platform: 'telegram', name: 'shop z=com', lastImportId: last!.id });
    expect(JSON.parse(rules[0]!.query)).toEqual({ keyword: 'shop', zones: ['com'] });
    expect(h.buttons(r.replies[0]!).map((b) => b.callback_data)).toEqual([
      's:shop z=com',
      `wr:${rules[0]!.id}`,
    ]);
  });

  it('refuses an alert without filters, with a day or a page, and past the limit', async () => {
    expect(visible((await h.send('/watch page=1', EN)).text)).toBe(
      'Give at least one filter: an alert without one would match the whole drop list.',
    );
    expect(visible((await h.send('/watch sort=length', EN)).text)).toBe(
      'Alerts take filters only: no day, sort or page.',
    );
    expect(visible((await h.send('/watch day=tomorrow shop', EN)).text)).toBe(
      'Alerts take filters only: no day, sort or page.',
    );
    const many: User = { id: 4005, first_name: 'Mia' };
    for (let i = 0; i < 10; i++) await h.send(`/watch kw${i}`, many);
    expect(visible((await h.send('/watch kw10', many)).text)).toBe(
      'You already have 10 alerts, the most you can have. Remove one first (/watch).',
    );
    expect(visible((await h.send('/watch nd', DE)).text)).toMatch(
      /^🔔 Alarm #\d+ gespeichert: ohne Ziffern\. Heute passen 3 Namen\./,
    );
    expect(visible((await h.send('/watch', OTHER)).text)).toContain('You have no alerts yet');
  });

  it('the alert button under search results saves that search', async () => {
    const results = await h.send('/search other', OTHER);
    const alert = h.button(results.replies[0]!, /Alert me/);
    expect(alert.callback_data).toBe('wa:other');
    const r = await h.press(alert.callback_data, OTHER, results.replies[0]);
    expect(visible(r.text)).toMatch(/^🔔 Alert #\d+ saved: “other”/);
  });

  it('lists the customer’s own alerts; removing one is refused for anybody else', async () => {
    const list = await h.send('/watch', OTHER);
    expect(visible(list.text)).toMatch(/Your alerts \(1\)\n#\d+: “other”/);
    const mine = await h.core.db.prisma.watchRule.findFirstOrThrow({
      where: { customerId: await customerOf(EN) },
    });
    const attempt = await h.press(`wr:${mine.id}`, OTHER);
    expect(attempt.answers[0]?.text).toBe(`Alert #${mine.id} was already removed`);
    expect(await h.core.db.prisma.watchRule.count({ where: { id: mine.id } })).toBe(1);
    const theirs = await h.core.db.prisma.watchRule.findFirstOrThrow({
      where: { customerId: await customerOf(OTHER) },
    });
    const removed = await h.press(`wr:${theirs.id}`, OTHER, list.replies[0]);
    expect(removed.answers[0]?.text).toBe(`Alert #${theirs.id} removed`);
    expect(visible(removed.text)).toContain('You have no alerts yet');
  });
});

describe('alerts after an import', () => {
  it('one event per rule with the names this import brought, right after the import', async () => {
    await h.importList([
      ['shop.com', at(1)],
      ['myshop.com', at(2)],
      ['other.com', at(2)],
      ['shopnew.com', at(3)],
      ['newshop.net', at(3)],
      ['shop9.com', at(4)],
    ]);
    await afterImportJob();
    const last = (await h.core.droplist.lastImport())!;
    const deadline = Date.now() + 5_000;
    let events = await watchEvents();
    while (events.filter((e) => e.dedupeKey.endsWith(`:${last.id}`)).length < 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      events = await watchEvents();
    }
    const of = (name: string) =>
      events.find((e) => e.payload.name === name && e.dedupeKey.endsWith(`:${last.id}`));
    const en = of('shop z=com');
    expect(en).toMatchObject({
      customerId: await customerOf(EN),
      payload: {
        name: 'shop z=com',
        total: 2,
        items: [
          { fqdn: 'shopnew.com', dropAt: at(3).toISOString() },
          { fqdn: 'shop9.com', dropAt: at(4).toISOString() },
        ],
      },
    });
    expect(en!.dedupeKey).toMatch(new RegExp(`^watch\\.matches:\\d+:${last.id}$`));
    expect(of('nd')?.payload.items.map((i: { fqdn: string }) => i.fqdn)).toEqual([
      'newshop.net',
      'shopnew.com',
    ]);
    // the ten kw rules of another customer match nothing new: no event, but they are up to date
    expect(events.filter((e) => /^kw/.test(e.payload.name))).toHaveLength(0);
    expect(await h.core.db.prisma.watchRule.count({ where: { lastImportId: { lt: last.id } } })).toBe(0);
  });

  it('a second instance (or a second look) writes nothing more', async () => {
    const before = (await watchEvents()).length;
    const last = (await h.core.droplist.lastImport())!;
    expect(await enqueueWatchMatches(h.core, last)).toBe(0);
    expect((await watchEvents()).length).toBe(before);
  });

  it('an import by another process is found by the job', async () => {
    const before = (await watchEvents()).length;
    const db = await openDb(h.core.db.url);
    const cli = createCore({
      config: h.core.config,
      db,
      clock: h.clock,
      log: silentLogger,
      metrics: createMetrics(),
      registrar: createRegistrar({ config: h.core.config, clock: h.clock, log: silentLogger }),
    });
    const lines = [
      'shop.com',
      'myshop.com',
      'other.com',
      'shopnew.com',
      'newshop.net',
      'shop9.com',
      'shopx.com',
    ].map(
      (n, i) =>
        `${n};${at(1 + (i % 4))
          .toISOString()
          .slice(0, 19)
          .replace('T', ' ')}`,
    );
    await cli.droplist.import({
      name: 'cli',
      open: async () =>
        (async function* () {
          yield lines;
        })(),
    });
    await db.close();
    await afterImportJob();
    const deadline = Date.now() + 5_000;
    // both rules' events (one transaction each: on PostgreSQL the first is visible before the second)
    while ((await watchEvents()).length < before + 2 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    const added = (await watchEvents()).slice(before);
    expect(added.map((e) => e.payload.items.map((i: { fqdn: string }) => i.fqdn))).toEqual([
      ['shopx.com'],
      ['shopx.com'],
    ]);
  });

  it('the dispatcher delivers it to the customer’s chat with the bot’s channel', async () => {
    const before = h.fake.to(EN.id).length;
    await dispatchOnce({
      core: h.core,
      channels: h.bot.channels,
      routes: notificationRoutes(h.core.config),
      log: silentLogger,
      clock: h.clock,
    });
    const sent = h.fake
      .to(EN.id)
      .slice(before)
      .map((m) => visible(m.text));
    expect(sent.some((t) => t.includes('shopnew.com') && t.includes('shop9.com'))).toBe(true);
    expect(sent.some((t) => t.includes('shopx.com'))).toBe(true);
  });
});
