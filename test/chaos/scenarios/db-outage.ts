import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { fixedClock, MINUTE } from '../../../src/clock.ts';
import { loadConfig } from '../../../src/config.ts';
import { sqlitePath } from '../../../src/db/client.ts';
import { silentLogger } from '../../../src/log.ts';
import { enqueue } from '../../../src/notify/outbox.ts';
import { setPrice } from '../../../src/pricing/prices.ts';
import { openRuntime } from '../../../src/runtime.ts';
import { startFakeIspapi } from '../../fakes/ispapi-server.ts';
import { ledgerProblems } from '../../helpers/ledger-check.ts';
import { startCluster } from '../pg-cluster.ts';
import { ms, percentile, type Row, row } from '../report.ts';
import { messageUpdate, outboxDrained, startWorld, type World } from '../world.ts';
import type { Scenario } from './index.ts';

// The database goes away under a running service: PostgreSQL stopped (`pg_ctl stop -m fast`) for
// 30 s and started again while a drop-list import, a notification burst and the jobs run; SQLite
// locked by another process for 10 s. The service must stay up, say 503 on /healthz while the
// database is away and 200 after, tell customers who write meanwhile to try again in a moment, and
// resume by itself: every notification out once, the import whole or not at all.

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const CUSTOMERS = 20;
const PER_CUSTOMER = 5;
const LIST_ROWS = 400_000;
/** applications the cut lifecycle pass is sending */
const PASS_SENDS = 60;
const TRY_AGAIN = /try again|in a moment/i;

async function customersOf(world: World, base: number): Promise<Map<number, number>> {
  const users = Array.from({ length: CUSTOMERS }, (_, i) => base + i);
  for (const u of users) await world.postUpdate(messageUpdate(u, '/start'));
  const ids = await world.db.prisma.identity.findMany({
    where: { platform: 'telegram', externalId: { in: users.map(String) } },
    select: { externalId: true, customerId: true },
  });
  return new Map(ids.map((i) => [Number(i.externalId), i.customerId]));
}

/** Customer notifications with names of their own; resolves to what each chat must receive once. */
async function burst(world: World, customers: Map<number, number>, tag: string) {
  const expected: Array<{ user: number; fqdn: string }> = [];
  for (const [user, customerId] of customers) {
    for (let k = 0; k < PER_CUSTOMER; k++) {
      const fqdn = `${tag}${user}x${k}.com`;
      expected.push({ user, fqdn });
      await enqueue(world.db.prisma, new Date(), {
        kind: 'droptime.changed',
        audience: 'CUSTOMER',
        customerId,
        payload: { backorderId: 1, fqdn, oldDropAt: null, newDropAt: '2027-01-05T10:00:00.000Z' },
        dedupeKey: `chaos:${tag}:${fqdn}`,
      });
    }
  }
  return expected;
}

function deliveredOnce(world: World, expected: Array<{ user: number; fqdn: string }>) {
  const counts = expected.map(
    (e) =>
      world.telegram.messages.filter((m) => m.chatId === String(e.user) && m.text.includes(e.fqdn)).length,
  );
  return { lost: counts.filter((n) => n === 0).length, doubled: counts.filter((n) => n > 1).length };
}

/** The CLI's drop-list import of a generated list, in its own process, as a user runs it. */
function cliImport(
  env: Record<string, string>,
  file: string,
): { child: ChildProcess; done: Promise<number | null> } {
  const child = spawn(process.execPath, ['bin/backorder.js', 'droplist', 'import', '--file', file], {
    cwd: ROOT,
    env: { ...process.env, ...env, LOG_LEVEL: 'error' },
    stdio: 'ignore',
  });
  return { child, done: new Promise((r) => child.once('exit', (code) => r(code))) };
}

const csvTime = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');

/** `rows` generated names dropping in 5 days, and `keep` (rows of names that must stay listed). */
function listFile(dir: string, rows: number, tag: string, keep: string[] = []): string {
  const day = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
  const lines = Array.from({ length: rows }, (_, i) => `${tag}${i}.com;${day} 10:00:00`);
  const path = join(dir, `${tag}.csv`);
  writeFileSync(path, `${[...keep, ...lines].join('\n')}\n`);
  return path;
}

/** `backorder batch --now AT`: one lifecycle pass, as staff run it, in a process of its own. */
function cliPass(env: Record<string, string>, at: Date): Promise<number | null> {
  const child = spawn(process.execPath, ['bin/backorder.js', 'batch', '--now', at.toISOString()], {
    cwd: ROOT,
    env: { ...process.env, ...env, LOG_LEVEL: 'error' },
    stdio: 'ignore',
  });
  return new Promise((r) => child.once('exit', (code) => r(code)));
}

/**
 * Backorders whose sends fall due in a pass a quarter of an hour from now: funded customers, names
 * listed to drop in 2 h 10 min (placed before the finalization deadline, 2 h before the drop).
 */
async function dueBackorders(world: World, customers: Map<number, number>, n: number) {
  const now = new Date();
  const dropAt = new Date(Math.ceil((now.getTime() + 130 * MINUTE) / 1000) * 1000);
  const names = Array.from({ length: n }, (_, i) => `pgpass${i}.com`);
  const rows = names.map((f) => `${f};${csvTime(dropAt)}`);
  const runtime = await openRuntime({
    config: loadConfig(world.env),
    log: silentLogger,
    clock: fixedClock(now),
  });
  try {
    const { core } = runtime;
    const dir = mkdtempSync(join(tmpdir(), 'backorder-chaos-due-'));
    const list = join(dir, 'due.csv');
    writeFileSync(list, `${rows.join('\n')}\n`);
    await core.droplist.import(core.droplist.source({ file: list }));
    rmSync(dir, { recursive: true, force: true });
    const ids = [...customers.values()];
    for (const [k, id] of ids.entries())
      await core.billing.credit({
        customer: id,
        amount: '1000.00',
        currency: 'USD',
        actor: 'chaos',
        idempotencyKey: `chaos-pg-${k}`,
      });
    for (const [i, fqdn] of names.entries()) await core.backorders.place(ids[i % ids.length]!, fqdn);
  } finally {
    await runtime.close();
  }
  return { names, rows, passAt: new Date(now.getTime() + 15 * MINUTE) };
}

/** While `during` runs: /healthz every 250 ms and /balance from one chat every second. */
async function probe(world: World, user: number, stopWhen: () => boolean) {
  const health: Array<{ at: number; status: number }> = [];
  const replies: Array<{ at: number; status: number; ms: number; text: string }> = [];
  let lastHealth = 0;
  while (!stopWhen()) {
    const at = Date.now();
    const status = await fetch(world.url('/healthz'), { signal: AbortSignal.timeout(5_000) }).then(
      async (r) => {
        await r.text();
        return r.status;
      },
      () => 0,
    );
    health.push({ at, status });
    if (at - lastHealth >= 1_000) {
      lastHealth = at;
      const before = world.telegram.messages.length;
      const r = await world.postUpdate(messageUpdate(user, '/balance'));
      const said = world.telegram.messages.slice(before).filter((m) => m.chatId === String(user));
      replies.push({ at, status: r.status, ms: r.ms, text: said.map((m) => m.text).join(' / ') });
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { health, replies };
}

async function postgresOutage(short: boolean, log: (s: string) => void): Promise<Row[]> {
  const cluster = await startCluster();
  if (!cluster) {
    return [
      row({
        scenario: 'database',
        check: 'PostgreSQL stopped and started under the service',
        figure: '-',
        lost: 0,
        doubled: 0,
        ok: process.env.CHAOS_REQUIRE_POSTGRES !== '1',
        note: 'skipped: PostgreSQL is not installed here',
      }),
    ];
  }
  const outageMs = short ? 10_000 : 30_000;
  const dir = mkdtempSync(join(tmpdir(), 'backorder-chaos-'));
  const registrar = await startFakeIspapi();
  const world = await startWorld({
    name: 'chaos-pg',
    postgres: cluster.url,
    env: {
      REGISTRAR: 'ispapi',
      ISPAPI_URL: registrar.url,
      ISPAPI_ENTITY: registrar.entity,
      ISPAPI_LOGIN: registrar.login,
      ISPAPI_PASSWORD: registrar.password,
      ISPAPI_CONTACT: 'P-CHAOS1',
      ISPAPI_TIMEOUT_MS: '5000',
      // nothing to download at start: the runner brings its own lists
      DROPLIST_URL: 'http://127.0.0.1:9/none.csv',
    },
  });
  try {
    await setPrice(world.db.prisma, 'com', 'USD', 1000n);
    const customers = await customersOf(world, 820_000);
    const due = await dueBackorders(world, customers, PASS_SENDS);
    const oldTotal = await world.db.prisma.dropDomain.count();
    const file = listFile(dir, LIST_ROWS, 'outage', due.rows);
    const imported = cliImport(world.env, file);
    const expected = await burst(world, customers, 'pgout');
    // each application takes the registrar a while: the pass is still sending when the database goes
    registrar.failNext({ delayMs: 1_500 }, { times: PASS_SENDS, command: 'AddDomainApplication' });
    const passing = cliPass(world.env, due.passAt);
    // the import is under way, the burst is going out, the pass is sending: the database goes away
    await new Promise((r) => setTimeout(r, 1_500));
    log(`stopping PostgreSQL for ${outageMs / 1000} s`);
    const stoppedAt = Date.now();
    cluster.stop();
    let restartedAt = 0;
    const during = probe(world, 820_000, () => restartedAt > 0 && Date.now() - restartedAt > 30_000);
    await new Promise((r) => setTimeout(r, outageMs));
    cluster.start();
    restartedAt = Date.now();
    log('PostgreSQL is back');
    const { health, replies } = await during;
    const importExit = await imported.done;
    const passExit = await passing;
    // the next pass finishes what the cut one left
    const nextPassExit = await cliPass(world.env, new Date(due.passAt.getTime() + 5 * MINUTE));
    const applications = due.names.map(
      (f) => [...registrar.applications.values()].filter((a) => a.domain === f).length,
    );
    const ledger = (
      await Promise.all([...customers.values()].map((id) => ledgerProblems(world.db, id)))
    ).flat();

    const said = new Map<string, number>();
    for (const r of replies) {
      const key = `HTTP ${r.status}: ${r.text.slice(0, 70) || '(no reply)'}`;
      said.set(key, (said.get(key) ?? 0) + 1);
    }
    for (const [what, n] of said) log(`${n} × ${what}`);
    const away = health.filter((h) => h.at > stoppedAt + 2_000 && h.at < restartedAt);
    const back = health.find((h) => h.at > restartedAt && h.status === 200);
    // while the database is away (after the pool noticed): each message answered, with the polite words
    const repliesAway = replies.filter((r) => r.at > stoppedAt + 2_000 && r.at < restartedAt);
    const unanswered = repliesAway.filter((r) => r.status !== 200 || r.text === '');
    const politeAway = repliesAway.filter((r) => TRY_AGAIN.test(r.text));
    // the burst and a second one written after the outage go out, each once
    const after = await burst(world, customers, 'pgafter');
    await outboxDrained(world, 180_000, 'after the outage');
    const once = deliveredOnce(world, [...expected, ...after]);
    const total = await world.db.prisma.dropDomain.count();
    const whole = total === oldTotal || total === LIST_ROWS + due.rows.length;
    const jobsAfter = await world.db.prisma.jobRun.count({
      where: { startedAt: { gt: new Date(restartedAt) }, ok: true },
    });
    const alive = world.service.child.exitCode === null;
    return [
      row({
        scenario: 'database',
        check: `PostgreSQL stopped ${outageMs / 1000} s: the service stays up, /healthz 503 while away, 200 after`,
        figure: `${away.filter((h) => h.status === 503).length}/${away.length} probes 503; 200 again ${back ? ms(back.at - restartedAt) : 'never'} after the restart`,
        lost: 0,
        doubled: 0,
        ok: alive && away.length > 0 && away.every((h) => h.status === 503) && back !== undefined,
      }),
      row({
        scenario: 'database',
        check: 'customers writing meanwhile are told to try again in a moment',
        figure: `${politeAway.length} of ${repliesAway.length} answers while it was away said so; webhook p99 ${ms(
          percentile(
            replies.map((r) => r.ms),
            99,
          ),
        )}`,
        lost: unanswered.length,
        doubled: 0,
        ok: repliesAway.length > 0 && politeAway.length === repliesAway.length,
      }),
      row({
        scenario: 'database',
        check: `${expected.length} notifications around the outage and ${after.length} after it: each out once`,
        figure: `${world.telegram.messages.length} Telegram messages in all`,
        lost: once.lost,
        doubled: once.doubled,
      }),
      row({
        scenario: 'database',
        check: `a lifecycle pass (\`backorder batch\`) cut while sending ${PASS_SENDS} applications: each sent once after all, the ledger adds up`,
        figure: `cut pass exit ${passExit}, next pass exit ${nextPassExit}; ${applications.filter((n) => n === 1).length}/${PASS_SENDS} names with one application; ledger: ${ledger.length ? ledger.slice(0, 2).join('; ') : 'adds up'}`,
        lost: applications.filter((n) => n === 0).length,
        doubled: applications.filter((n) => n > 1).length,
        ok: ledger.length === 0 && nextPassExit === 0,
      }),
      row({
        scenario: 'database',
        check: `a ${LIST_ROWS.toLocaleString('en')}-row CLI import cut by the outage: whole or not at all`,
        figure: `CLI exit ${importExit}; ${total} names stored (before ${oldTotal})`,
        lost: whole ? 0 : 1,
        doubled: 0,
      }),
      row({
        scenario: 'database',
        check: 'jobs run again after the restart, without restarting the service',
        figure: `${jobsAfter} job runs finished ok after the restart`,
        lost: 0,
        doubled: 0,
        ok: jobsAfter > 0 && alive,
      }),
    ];
  } finally {
    await world.stop().catch(() => {});
    await registrar.close();
    cluster.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function sqliteLock(short: boolean, log: (s: string) => void): Promise<Row[]> {
  const lockMs = 10_000;
  const world = await startWorld({ name: 'chaos-sqlite' });
  try {
    await setPrice(world.db.prisma, 'com', 'USD', 1000n);
    const customers = await customersOf(world, 830_000);
    // the notifications are written, the dispatcher about to send them: then another process takes
    // the write lock and keeps it
    const sent = await burst(world, customers, 'locked');
    const holder = new Database(sqlitePath(world.databaseUrl));
    holder.prepare('BEGIN IMMEDIATE').run();
    log(`another process holds the SQLite write lock for ${lockMs / 1000} s`);
    const users = [...customers.keys()];
    const placing = users.map((u) => world.postUpdate(messageUpdate(u, `/backorder locked${u}.com`)));
    const health: number[] = [];
    const t0 = Date.now();
    while (Date.now() - t0 < lockMs) {
      const h0 = performance.now();
      await fetch(world.url('/healthz')).then((r) => r.text());
      health.push(performance.now() - h0);
      await new Promise((r) => setTimeout(r, 250));
    }
    holder.prepare('COMMIT').run();
    holder.close();
    const placed = await Promise.all(placing);
    await outboxDrained(world, 120_000, 'after the lock');
    const once = deliveredOnce(world, sent);
    const stored = await world.db.prisma.backorder.count({ where: { fqdn: { startsWith: 'locked' } } });
    const answered = placed.filter((p) => p.status === 200).length;
    void short;
    return [
      row({
        scenario: 'database',
        check: `SQLite write-locked by another process for ${lockMs / 1000} s: /healthz and the bot keep answering`,
        figure: `/healthz p99 ${ms(percentile(health, 99))}; ${answered}/${users.length} placements answered, p99 ${ms(
          percentile(
            placed.map((p) => p.ms),
            99,
          ),
        )}`,
        lost: users.length - stored,
        doubled: Math.max(0, stored - users.length),
        ok:
          world.service.child.exitCode === null &&
          answered === users.length &&
          percentile(health, 99) < 1_000,
      }),
      row({
        scenario: 'database',
        check: `${sent.length} notifications due during the lock: each out once after it`,
        figure: `${world.telegram.messages.length} Telegram messages in all`,
        lost: once.lost,
        doubled: once.doubled,
      }),
    ];
  } finally {
    await world.stop().catch(() => {});
  }
}

export const databaseOutage: Scenario = {
  name: 'database',
  title: 'PostgreSQL stopped and started under the service; SQLite locked by another process',
  async run({ short, log }) {
    return [...(await sqliteLock(short, log)), ...(await postgresOutage(short, log))];
  },
};
