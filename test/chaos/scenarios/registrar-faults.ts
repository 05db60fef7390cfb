import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { fixedClock, MINUTE } from '../../../src/clock.ts';
import { loadConfig } from '../../../src/config.ts';
import { openDb } from '../../../src/db/client.ts';
import { migrateDatabase } from '../../../src/db/migrate.ts';
import { silentLogger } from '../../../src/log.ts';
import { setPrice } from '../../../src/pricing/prices.ts';
import { openRuntime } from '../../../src/runtime.ts';
import { type FakeIspapi, startFakeIspapi } from '../../fakes/ispapi-server.ts';
import { freshDatabaseUrl } from '../../helpers/database-url.ts';
import { ledgerProblems } from '../../helpers/ledger-check.ts';
import { type Row, row } from '../report.ts';
import type { Scenario } from './index.ts';

// The registrar misbehaves while the lifecycle sends applications: it takes the connection and never
// answers, answers slowly, answers garbage or half a reply, loses the reply of a command it ran, or
// answers 5xx for an hour. The backorders are placed through the core; each pass is what staff run,
// `backorder batch --now …` (a process of its own, the compiled CLI), against the loopback HEXONET
// fake. Every backorder must end with exactly one application at the registrar.

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const run = promisify(execFile);
/** when the backorders are placed; they drop at DROP, the finalization deadline is 2 h before it */
const T0 = new Date('2027-04-01T10:00:00Z');
const DROP = new Date(T0.getTime() + 130 * MINUTE);
/** the first pass: the drop is within 2 h, the sends are due */
const P0 = new Date(T0.getTime() + 15 * MINUTE);
const TIMEOUT_MS = 2_000;
/** the lifecycle job's schedule: a pass every 5 minutes */
const SLOT_MS = 5 * MINUTE;

interface Bench {
  fake: FakeIspapi;
  env: Record<string, string>;
  names: string[];
  /** one lifecycle pass at `at` through the CLI: its JSON and how long it took */
  pass(at: Date): Promise<{ ms: number; result: Record<string, number>; exit: number }>;
  /** how many applications the registrar holds for each name */
  applications(): number[];
  /** what does not add up in the ledger of any customer (nothing when all is well) */
  ledger(): Promise<string[]>;
  close(): Promise<void>;
}

async function bench(n: number, env: Record<string, string> = {}): Promise<Bench> {
  const fake = await startFakeIspapi();
  const { url, drop } = await freshDatabaseUrl('');
  const dir = mkdtempSync(join(tmpdir(), 'backorder-chaos-registrar-'));
  const all: Record<string, string> = {
    DATABASE_URL: url,
    REGISTRAR: 'ispapi',
    ISPAPI_URL: fake.url,
    ISPAPI_ENTITY: fake.entity,
    ISPAPI_LOGIN: fake.login,
    ISPAPI_PASSWORD: fake.password,
    ISPAPI_CONTACT: 'P-CHAOS1',
    ISPAPI_TIMEOUT_MS: String(TIMEOUT_MS),
    LOG_LEVEL: 'error',
    ...env,
  };
  await migrateDatabase(url);
  const runtime = await openRuntime({ config: loadConfig(all), log: silentLogger, clock: fixedClock(T0) });
  const { core } = runtime;
  await setPrice(core.db.prisma, 'com', 'USD', 1000n);
  const names = Array.from({ length: n }, (_, i) => `registrar${i}chaos.com`);
  const day = DROP.toISOString().slice(0, 19).replace('T', ' ');
  const list = join(dir, 'list.csv');
  writeFileSync(list, `${names.map((f) => `${f};${day}`).join('\n')}\n`);
  await core.droplist.import(core.droplist.source({ file: list }));
  const customers: number[] = [];
  for (let c = 0; c < 10; c++) {
    const { customer } = await core.customers.findOrCreateByIdentity({
      platform: 'telegram',
      externalId: String(900_000 + c),
      name: `Registrar${c}`,
    });
    await core.billing.credit({
      customer: customer.id,
      amount: '100000.00',
      currency: 'USD',
      actor: 'chaos',
      idempotencyKey: `chaos-registrar-${c}`,
    });
    customers.push(customer.id);
  }
  for (const [i, fqdn] of names.entries())
    await core.backorders.place(customers[i % customers.length]!, fqdn);
  await runtime.close();
  return {
    fake,
    env: all,
    names,
    async pass(at) {
      const t0 = performance.now();
      const out = await run(
        process.execPath,
        ['bin/backorder.js', 'batch', '--now', at.toISOString(), '--json'],
        {
          cwd: ROOT,
          env: { ...process.env, ...all },
          maxBuffer: 16 * 1024 * 1024,
        },
      ).then(
        (r) => ({ stdout: r.stdout, exit: 0 }),
        (e: { stdout?: string; code?: number }) => ({ stdout: e.stdout ?? '{}', exit: e.code ?? 1 }),
      );
      let result: Record<string, number> = {};
      try {
        result = JSON.parse(out.stdout);
      } catch {
        result = {};
      }
      return { ms: performance.now() - t0, result, exit: out.exit };
    },
    applications() {
      const byName = new Map<string, number>();
      for (const a of fake.applications.values()) byName.set(a.domain, (byName.get(a.domain) ?? 0) + 1);
      return names.map((f) => byName.get(f) ?? 0);
    },
    async ledger() {
      const db = await openDb(url);
      try {
        const problems = await Promise.all(customers.map((id) => ledgerProblems(db, id)));
        return problems.flat();
      } finally {
        await db.close();
      }
    },
    async close() {
      await fake.close();
      await drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const once = (counts: number[]) => ({
  lost: counts.filter((c) => c === 0).length,
  doubled: counts.filter((c) => c > 1).length,
});

/** Hangs, garbage, half replies and lost replies on some sends; later passes retry them. */
async function broken(): Promise<Row[]> {
  const b = await bench(60);
  try {
    const send = 'AddDomainApplication';
    b.fake.failNext({ hang: true }, { times: 4, command: send });
    b.fake.failNext({ body: 'this is not a reply' }, { times: 3, command: send, after: 5 });
    b.fake.failNext({ truncate: true }, { times: 3, command: send, after: 10 });
    b.fake.failNext({ lostReply: true }, { times: 3, command: send, after: 15 });
    const first = await b.pass(P0);
    const passes = [first];
    for (let k = 1; k <= 6 && once(b.applications()).lost > 0; k++)
      passes.push(await b.pass(new Date(P0.getTime() + k * SLOT_MS)));
    const counts = once(b.applications());
    const ledger = await b.ledger();
    return [
      row({
        scenario: 'registrar',
        check: 'the ledger adds up for every customer after the faulty passes',
        figure: ledger.length ? ledger.slice(0, 2).join('; ') : 'balances, holds and invoices agree',
        lost: 0,
        doubled: 0,
        ok: ledger.length === 0,
      }),
      row({
        scenario: 'registrar',
        check: `a registrar that hangs (4), answers garbage (3), half a reply (3) or loses the reply of a command it ran (3), among ${b.names.length} sends`,
        figure: `first pass ${(first.ms / 1000).toFixed(1)} s (timeout ${TIMEOUT_MS / 1000} s, exit ${first.exit}, ${first.result.sent ?? '?'} sent, ${first.result.errors ?? '?'} errors); all sent after ${passes.length} passes`,
        lost: counts.lost,
        doubled: counts.doubled,
        ok: passes.every((p) => p.exit === 0),
      }),
    ];
  } finally {
    await b.close();
  }
}

/** Every call answers 503 for an hour of passes; then the registrar is back. */
async function outage(): Promise<Row[]> {
  const b = await bench(40);
  try {
    b.fake.failNext({ httpStatus: 503 }, { times: Number.POSITIVE_INFINITY });
    const during = [];
    for (let t = 0; t <= 60 * MINUTE; t += SLOT_MS) during.push(await b.pass(new Date(P0.getTime() + t)));
    const sentDuring = once(b.applications());
    b.fake.clearFaults();
    const after = [];
    for (let k = 1; k <= 4 && once(b.applications()).lost > 0; k++)
      after.push(await b.pass(new Date(P0.getTime() + 60 * MINUTE + k * SLOT_MS)));
    const counts = once(b.applications());
    return [
      row({
        scenario: 'registrar',
        check: `the registrar answers 503 for an hour (${during.length} passes): nothing given up, then every send once`,
        figure: `${b.names.length - sentDuring.lost} sent during the hour, all ${b.names.length} within ${after.length} passes after; passes exit 0: ${[...during, ...after].every((p) => p.exit === 0)}`,
        lost: counts.lost,
        doubled: counts.doubled,
        ok: [...during, ...after].every((p) => p.exit === 0),
      }),
    ];
  } finally {
    await b.close();
  }
}

/** Every call takes `delayMs`: one pass over `n` due sends must still end within its 5-minute slot. */
async function slow(n: number, delayMs: number): Promise<Row[]> {
  const b = await bench(n, { ISPAPI_TIMEOUT_MS: String(3 * delayMs) });
  try {
    b.fake.failNext({ delayMs }, { times: Number.POSITIVE_INFINITY });
    const p = await b.pass(P0);
    const counts = once(b.applications());
    return [
      row({
        scenario: 'registrar',
        check: `every call takes ${delayMs / 1000} s: one pass over ${n} due sends ends within its ${SLOT_MS / 60_000}-minute slot`,
        figure: `${(p.ms / 1000).toFixed(0)} s (one at a time: ${((n * delayMs) / 1000).toFixed(0)} s); ${p.result.sent ?? '?'} sent`,
        lost: counts.lost,
        doubled: counts.doubled,
        ok: p.exit === 0 && p.ms < SLOT_MS,
      }),
    ];
  } finally {
    await b.close();
  }
}

export const registrarFaults: Scenario = {
  name: 'registrar',
  title: 'the registrar hangs, is slow, answers garbage, loses replies, or 5xx for an hour',
  async run({ short, log }) {
    log('hangs, garbage, half and lost replies');
    const rows = await broken();
    log('503 for an hour');
    rows.push(...(await outage()));
    log(short ? '1 s per call, 200 sends' : '10 s per call, 1 000 sends');
    rows.push(...(await (short ? slow(200, 1_000) : slow(1_000, 10_000))));
    return rows;
  },
};
