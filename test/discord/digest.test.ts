import { beforeAll, describe, expect, it } from 'vitest';
import { notificationRoutes } from '../../bots/index.ts';
import { createCore, jobDefinitions, silentLogger } from '../../src/index.ts';
import { dispatchOnce } from '../../src/notify/dispatcher.ts';
import { createMetrics } from '../../src/prometheus.ts';
import {
  type App,
  at,
  CHANNEL_ID,
  LIST,
  OTHER_CHANNEL_ID,
  seedPrices,
  startApp,
  str,
  textOf,
} from './harness.ts';

// Digests after a drop-list import, written by the core's after-import job into the outbox and sent
// by the real dispatcher: the community digest (notable names) to the webhook and every alert
// channel, and each channel's own rules to that channel; each once, also for imports made by another
// process.

const QUIET_CHANNEL_ID = '666666666666666666';
const add = (options: unknown[]) => [{ name: 'add', type: 1, options }];

let app: App;

async function eventually(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const communityEvents = () =>
  app.core.db.prisma.outbox.findMany({ where: { kind: 'community.droplist' }, orderBy: { id: 'asc' } });
const dispatch = () =>
  dispatchOnce({
    core: app.core,
    channels: app.bot.channels,
    routes: notificationRoutes(app.core.config),
    log: silentLogger,
    clock: app.clock,
  });
/** what the service runs right after its own imports and every minute for the others */
const afterImportJob = () =>
  jobDefinitions(app.core)
    .find((j) => j.name === 'after-import')!
    .run(app.clock.now());
/** messages that are rule digests rather than the community digest */
const ruleDigests = (channelId: string) =>
  app.channelMessages(channelId).filter((m) => textOf(m).startsWith('**Your alert rules**'));

beforeAll(async () => {
  app = await startApp({ env: { NOTABLE_PER_ZONE: '3' } });
  await seedPrices(app.core);
  await app.invoke('alerts', add([str('keyword', 'shop'), str('name', 'Shops @everyone **now**')]));
  await app.invoke('alerts', add([str('zone', 'org')]));
  await app.invoke('alerts', add([str('keyword', 'zz')]), { channel_id: OTHER_CHANNEL_ID });
  await app.invoke('alerts', add([str('keyword', 'nothingmatches')]), { channel_id: QUIET_CHANNEL_ID });
  await app.importList(LIST);
  await afterImportJob();
  await eventually(async () => (await communityEvents()).length === 1);
  await dispatch();
  await app.fake.waitFor(
    () => ruleDigests(CHANNEL_ID).length > 0 && ruleDigests(OTHER_CHANNEL_ID).length > 0,
  );
});

describe('the community digest', () => {
  it('is one outbox event per import: list size per drop day and the best names of each priced zone (NOTABLE_PER_ZONE), best first', async () => {
    const [event] = await communityEvents();
    expect(event).toMatchObject({
      audience: 'COMMUNITY',
      dedupeKey: `community.droplist:${JSON.parse(event!.payload).importId}`,
    });
    expect(JSON.parse(event!.payload)).toMatchObject({
      total: 8,
      days: [
        { date: '2026-12-02', count: 4 },
        { date: '2026-12-03', count: 3 },
        { date: '2026-12-04', count: 1 },
      ],
      // com and de are priced (net's price is 0): com's three best, then de's one name
      notable: [
        { fqdn: 'abc.com', dropAt: '2026-12-02T02:00:00.000Z', score: 90 },
        { fqdn: 'shop.com', dropAt: '2026-12-02T10:00:00.000Z', score: 87 },
        { fqdn: 'shop24.com', dropAt: '2026-12-03T01:00:00.000Z', score: 57 },
        { fqdn: 'bestshop.de', dropAt: '2026-12-03T05:00:00.000Z', score: 40 },
      ],
    });
  });

  it('reaches the webhook and every alert channel through the dispatcher, as embeds with mentions off', async () => {
    const stats = await dispatch();
    expect(stats.dead).toBe(0);
    const [hook, ...more] = app.webhookMessages();
    expect(more).toHaveLength(0);
    expect(hook.allowed_mentions).toEqual({ parse: [] });
    expect(textOf(hook)).toContain(
      '**Best names by quality score**\n• abc.com: 2026-12-02 02:00 UTC · score 90\n• shop.com: 2026-12-02 10:00 UTC · score 87',
    );
    expect(textOf(hook)).not.toContain('my-shop.com');
    for (const channelId of [CHANNEL_ID, OTHER_CHANNEL_ID, QUIET_CHANNEL_ID]) {
      const community = app.channelMessages(channelId).filter((m) => textOf(m) === textOf(hook));
      expect(community).toHaveLength(1);
    }
  });
});

describe("a channel's rule digest", () => {
  it("holds the matches of the channel's own rules, rule names escaped, mentions off", () => {
    const [digest, ...more] = ruleDigests(CHANNEL_ID);
    expect(more).toHaveLength(0);
    expect(digest.allowed_mentions).toEqual({ parse: [] });
    const text = textOf(digest);
    expect(text).toContain('Shops @\u200beveryone \\*\\*now\\*\\*** (keyword “shop”): 4 names');
    expect(text).not.toContain('@everyone');
    expect(text).toMatch(/\(\.org\): 1 name\nzz\.org · <t:\d+:f>/);
    const other = textOf(ruleDigests(OTHER_CHANNEL_ID)[0]);
    expect(other).toMatch(/\(keyword “zz”\): 1 name\nzz\.org · <t:\d+:f>$/);
  });

  it('is not sent to a channel whose rules match nothing', () => {
    expect(ruleDigests(QUIET_CHANNEL_ID)).toHaveLength(0);
  });
});

describe('once per import', () => {
  it('however many instances look', async () => {
    const before = app.fake.messages.length;
    // another instance's run of the job, and this one's next minute
    const otherInstance = createCore({ ...app.core, log: silentLogger, metrics: createMetrics() });
    await jobDefinitions(otherInstance)
      .find((j) => j.name === 'after-import')!
      .run(app.clock.now());
    await afterImportJob();
    await dispatch();
    expect(app.fake.messages.length).toBe(before);
    expect(await communityEvents()).toHaveLength(1);
  });

  it('and an import made by another process is announced too (found by the job)', async () => {
    const cli = createCore({ ...app.core, log: silentLogger, metrics: createMetrics() });
    app.clock.advance(60_000);
    await cli.droplist.import({
      name: 'cli list',
      open: async () =>
        (async function* () {
          yield [`wxyz.com;${at(4).toISOString().slice(0, 19).replace('T', ' ')}`];
          yield [`shopping.com;${at(4).toISOString().slice(0, 19).replace('T', ' ')}`];
        })(),
    });
    await afterImportJob();
    await eventually(async () => (await communityEvents()).length === 2);
    const latest = JSON.parse((await communityEvents())[1]!.payload);
    expect(latest).toMatchObject({ total: 2, notable: [{ fqdn: 'shopping.com' }, { fqdn: 'wxyz.com' }] });
    await dispatch();
    await app.fake.waitFor(() => ruleDigests(CHANNEL_ID).length === 2);
    expect(textOf(ruleDigests(CHANNEL_ID)[1])).toContain('shopping.com');
  });
});
