import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { INLINE_PAGE, inlineFilterText } from '../bots/telegram/features/inline.ts';
import { createTelegramBot } from '../bots/telegram/index.ts';
import { parseFilters, toQuery } from '../bots/telegram/search/filters.ts';
import { PAGE_SIZE } from '../bots/telegram/search/results.ts';
import { toQuery as appQuery, filtersSchema } from '../bots/telegram/webapp/api.ts';
import { MINI_APP_BUILD } from '../bots/telegram/webapp/static.ts';
import { WEBHOOK_PATH } from '../bots/telegram/webhook.ts';
import { migrateDatabase } from '../src/db/migrate.ts';
import { importDropList } from '../src/droplist/importer.ts';
import { createHttpServer } from '../src/http/server.ts';
import { createCore, fixedClock, loadConfig, MINUTE, openDb, silentLogger } from '../src/index.ts';
import { createMetrics } from '../src/prometheus.ts';
import { createRegistrar } from '../src/registrar/create-registrar.ts';
import { startFakeTelegram } from '../test/fakes/telegram-api.ts';
import { signInitData } from '../test/helpers/init-data.ts';
import { generateRows } from '../test/search/fixtures.ts';
import { type Figure, median, percentile, report, time } from './harness.ts';

// The customer bot end to end: an update POSTed to /telegram/webhook (secret checked, update id
// recorded, customer loaded, filters parsed, core called, HTML rendered) until its reply reaches the
// loopback Bot API, for /search and inline queries over a 1 000 000-name drop list and
// /mybackorders of a customer with 500 backorders; and the Mini App's API search (initData checked,
// parameters parsed, prices added) as a GET on the loopback. Beside each: the bare core call it
// makes, in the same run. Wall times depend on what else the machine runs; CPU times (this
// process: bot, core and fake API) much less. Last, what the Mini App's first load weighs.

const ROWS = 1_000_000;
const BACKORDERS = 500;
const NOW = new Date('2026-06-02T00:00:00.000Z');
const REPS = 10;
const SECRET = 'bench-secret';

interface Sample {
  ms: number;
  /** CPU time of this process meanwhile (bot, core and the fake API all run here) */
  cpu: number;
}

const cpuMs = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};

const SEARCHES = [
  'shop len<=6 zone=com nodigits',
  'car',
  'dental',
  'cloud*',
  '*tech zone=com,net',
  'smart zone=com,net,org len<=12',
  'len<=4 nd nh',
  'zone=de len<=5 sort=length',
  'od len<=5',
  'web sort=name page=3',
];

/** The Mini App's search form as its page sends it: the same ten searches. */
const APP_SEARCHES = [
  'keyword=shop&maxLength=6&zones=com&noDigits=1',
  'keyword=car',
  'keyword=dental',
  'keyword=cloud*',
  'keyword=*tech&zones=com,net',
  'keyword=smart&zones=com,net,org&maxLength=12',
  'maxLength=4&noDigits=1&noHyphens=1',
  'zones=de&maxLength=5&sort=length',
  'digitsOnly=1&maxLength=5',
  'keyword=web&sort=fqdn&page=3',
];

/** What the first load of /app/ fetches (page, script, stylesheet), compressed as it is served. */
function miniAppWeight(): void {
  const files = ['index.html', 'app.js', 'app.css'].map((f) => readFileSync(join(MINI_APP_BUILD, f)));
  const kb = (n: number) => Math.round(n / 102.4) / 10;
  const assets = files.slice(1);
  report('Mini App first load (dist/app, as npm install builds it)', [
    {
      name: 'JavaScript and CSS, gzip',
      unit: 'KB',
      value: kb(assets.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0)),
      baseline: kb(assets.reduce((n, b) => n + b.length, 0)),
      baselineName: 'uncompressed',
      target: '≤ 150',
    },
    {
      name: 'page, JavaScript and CSS, gzip',
      unit: 'KB',
      value: kb(files.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0)),
      baseline: kb(files.reduce((n, b) => n + b.length, 0)),
      baselineName: 'uncompressed',
    },
  ]);
}

export default async function telegramBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'backorder-bench-telegram-'));
  const url = `file:${join(dir, 'bench.db')}`;
  const fake = await startFakeTelegram({ enforceLimits: false });
  try {
    await migrateDatabase(url);
    const db = await openDb(url);
    const clock = fixedClock(NOW);
    const rows = generateRows(ROWS, { seed: 11, from: new Date(NOW.getTime() + MINUTE), days: 5 });
    await importDropList(
      { db, clock },
      {
        name: 'bench list',
        open: async () =>
          (async function* () {
            for (const r of rows)
              yield [`${r.fqdn};${r.dropAt.toISOString().slice(0, 19).replace('T', ' ')}`];
          })(),
      },
    );
    rows.length = 0;

    const config = loadConfig({
      DATABASE_URL: url,
      TELEGRAM_BOT_TOKEN: '1:bench',
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_WEBHOOK_URL: 'https://bot.example.com/telegram/webhook',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
    });
    const registrar = createRegistrar({ config, clock, log: silentLogger });
    const core = createCore({ config, db, clock, log: silentLogger, metrics: createMetrics(), registrar });
    for (const zone of ['com', 'net', 'org', 'de', 'io']) await core.pricing.set(zone, 'USD', 4900n);
    const http = createHttpServer({ host: '127.0.0.1', port: 0, log: silentLogger });
    const bot = await createTelegramBot({
      botInfo: fake.botInfo,
      rateLimit: { limit: Number.MAX_SAFE_INTEGER, windowMs: 60_000 },
    }).start({ core, config, log: silentLogger, http });
    const { port } = await http.listen();
    // the bot builds the memory index in the background; a running service has it by now
    await core.search.warm();
    if ((await core.search.state()).backend !== 'memory') throw new Error('the memory index did not build');

    const user = { id: 424242, is_bot: false, first_name: 'Bench', language_code: 'en' };
    const { customer } = await core.customers.findOrCreateByIdentity({
      platform: 'telegram',
      externalId: String(user.id),
      address: String(user.id),
      name: 'Bench',
    });
    for (let i = 0; i < BACKORDERS; i++) await core.backorders.place(customer.id, `bench-order-${i}.com`);

    let updateId = 1;
    /** an update as Telegram POSTs it in webhook mode, answered */
    const postUpdate = async (body: string) => {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const res = await fetch(`http://127.0.0.1:${port}${WEBHOOK_PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
        body,
      });
      await res.text();
      return { res, t0, cpu0 };
    };
    /** from the update leaving "Telegram" until the fake Bot API received the reply */
    const roundTrip = async (text: string): Promise<Sample> => {
      const before = fake.messages.length;
      const id = updateId++;
      const body = JSON.stringify({
        update_id: id,
        message: {
          message_id: id,
          date: Math.floor(NOW.getTime() / 1000),
          chat: { id: user.id, type: 'private', first_name: 'Bench' },
          from: user,
          text,
          entities: [{ type: 'bot_command', offset: 0, length: text.split(' ')[0]!.length }],
        },
      });
      const { res, t0, cpu0 } = await postUpdate(body);
      const reply = fake.messages.slice(before).find((m) => m.chatId === String(user.id));
      if (res.status !== 200 || !reply) throw new Error(`no reply to ${text} (${res.status})`);
      return { ms: reply.at - t0, cpu: cpuMs(cpu0) };
    };
    const bare = async (fn: () => Promise<unknown>): Promise<Sample> => {
      const cpu0 = process.cpuUsage();
      const { ms } = await time(fn);
      return { ms, cpu: cpuMs(cpu0) };
    };
    const timings = async (cases: string[], run: (c: string) => Promise<Sample>) => {
      const out = { wall: [] as number[], cpu: [] as number[] };
      for (const c of cases) {
        await run(c);
        for (let i = 0; i < REPS; i++) {
          const sample = await run(c);
          out.wall.push(sample.ms);
          out.cpu.push(sample.cpu);
        }
      }
      return out;
    };

    const search = await timings(
      SEARCHES.map((s) => `/search ${s}`),
      roundTrip,
    );
    const searchCore = await timings(SEARCHES, (s) =>
      bare(() => core.search.search(toQuery(parseFilters(s, NOW), PAGE_SIZE))),
    );
    let inlineId = 1;
    /** from the inline query leaving "Telegram" until the fake Bot API received answerInlineQuery */
    const inlineTrip = async (query: string): Promise<Sample> => {
      const id = `iq${inlineId++}`;
      const body = JSON.stringify({
        update_id: updateId++,
        inline_query: { id, from: user, query, offset: '', chat_type: 'sender' },
      });
      const { res, t0, cpu0 } = await postUpdate(body);
      const answer = fake.calls.find(
        (c) => c.method === 'answerInlineQuery' && c.params.inline_query_id === id,
      );
      if (res.status !== 200 || !answer?.params.results?.length)
        throw new Error(`no answer to @bot ${query}`);
      return { ms: answer.at - t0, cpu: cpuMs(cpu0) };
    };
    const inline = await timings(SEARCHES, inlineTrip);
    const inlineCore = await timings(SEARCHES, (s) =>
      bare(() => core.search.search(toQuery(parseFilters(inlineFilterText(s), NOW), INLINE_PAGE))),
    );

    const initData = signInitData(config.TELEGRAM_BOT_TOKEN!, user, NOW);
    /** a GET of /app/api/search until its whole JSON body has arrived */
    const appTrip = async (params: string): Promise<Sample> => {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const res = await fetch(`http://127.0.0.1:${port}/app/api/search?${params}`, {
        headers: { authorization: `tma ${initData}` },
      });
      const body = (await res.json()) as { items?: unknown[] };
      if (res.status !== 200 || !body.items?.length)
        throw new Error(`no results for ${params} (${res.status})`);
      return { ms: performance.now() - t0, cpu: cpuMs(cpu0) };
    };
    const app = await timings(APP_SEARCHES, appTrip);
    const appCore = await timings(APP_SEARCHES, (p) =>
      bare(() =>
        core.search.search(appQuery(filtersSchema.parse(Object.fromEntries(new URLSearchParams(p))))),
      ),
    );
    const mine = await timings(['/mybackorders'], roundTrip);
    const mineCore = await timings(['list'], () =>
      bare(() => core.backorders.list({ customerId: customer.id, page: 1, pageSize: 8 })),
    );

    type Timings = Awaited<ReturnType<typeof timings>>;
    const figure = (name: string, bot: Timings, base: Timings, baselineName: string): Figure[] => [
      {
        name,
        unit: 'p95 ms',
        value: percentile(bot.wall, 95),
        baseline: percentile(base.wall, 95),
        baselineName,
        target: '≤ 50',
      },
      { name, unit: 'median ms', value: median(bot.wall), baseline: median(base.wall), baselineName },
      {
        name,
        unit: 'p95 CPU ms',
        value: percentile(bot.cpu, 95),
        baseline: percentile(base.cpu, 95),
        baselineName,
      },
      { name, unit: 'median CPU ms', value: median(bot.cpu), baseline: median(base.cpu), baselineName },
    ];
    const figures = [
      ...figure('/search, update → reply', search, searchCore, 'core search'),
      ...figure('inline query, update → answerInlineQuery', inline, inlineCore, 'core search'),
      ...figure('Mini App API search, request → response', app, appCore, 'core search').map((f) =>
        f.unit === 'p95 ms' ? { ...f, target: '≤ 20' } : f,
      ),
      ...figure('/mybackorders, update → reply', mine, mineCore, 'core list'),
    ];
    report(
      `telegram bot: ${ROWS.toLocaleString('en-US')} names, ${BACKORDERS} backorders, ${SEARCHES.length} searches × ${REPS}`,
      figures,
    );
    await bot.stop();
    await http.close();
    await db.close();
    miniAppWeight();
  } finally {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
