import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DAY, HOUR, MINUTE } from '../src/clock.ts';
import type { Db } from '../src/db/client.ts';
import { report, time } from './harness.ts';
import { benchEngine, CUSTOMERS, DUE, NOW, OPEN, seed } from './lifecycle.bench.ts';
import { admin, cpu, SERVER, twoDatabases } from './pg-databases.ts';
import { importSection } from './pg-import.ts';
import { searchSection } from './pg-search.ts';

// PostgreSQL, each figure beside a baseline measured in the same run on the same machine: the
// drop-list import of 1 000 000 rows through the CLI (pg-import.ts), search on instances of the
// service keeping the memory index, across imports (pg-search.ts), and one lifecycle pass over
// 100 000 open backorders beside SQLite's. Runs only when BENCH_PG_URL names a PostgreSQL server
// where it may create databases (each section gets new ones, dropped afterwards); BENCH_ROWS
// lowers the list's size, BENCH_PG_ONLY picks sections (import,search,lifecycle).

// ---------------------------------------------------------------------------------------------------

// lifecycle.bench.ts's rows (seed) and sizes; seedPg writes the same rows in PostgreSQL's SQL.

/** the same rows in PostgreSQL's SQL */
async function seedPg(url: string): Promise<void> {
  const at = `TIMESTAMP '${NOW.toISOString().slice(0, 23).replace('T', ' ')}'`;
  const ts = (offsetSeconds: string) => `${at} + (${offsetSeconds}) * INTERVAL '1 second'`;
  await admin(async (c) => {
    await c.query('BEGIN');
    await c.query(
      `INSERT INTO "Price" ("zone", "currency", "amount", "updatedAt") VALUES ('com', 'USD', 1000, ${at})`,
    );
    await c.query(`INSERT INTO "Customer" ("name", "currency", "createdAt", "updatedAt")
      SELECT 'customer ' || i, 'USD', ${at}, ${at} FROM generate_series(1, ${CUSTOMERS}) i`);
    await c.query(`INSERT INTO "LedgerEntry" ("customerId", "currency", "amount", "kind", "idempotencyKey", "createdAt")
      SELECT "id", 'USD', 100000000, 'DEPOSIT', 'seed:' || "id", ${at} FROM "Customer"`);
    await c.query(`INSERT INTO "Backorder" ("customerId", "fqdn", "label", "zone", "status", "dropAt", "currency", "price", "openKey", "createdAt", "updatedAt")
      SELECT (i % ${CUSTOMERS}) + 1, 'name' || i || '.com', 'name' || i, 'com',
        CASE WHEN i <= ${DUE} THEN 'REQUESTED' WHEN i <= ${2 * DUE} THEN 'ACTIVE' ELSE 'REQUESTED' END,
        CASE WHEN i <= ${DUE} THEN ${ts(`${DAY / 1000} + i * 8`)}
             WHEN i <= ${2 * DUE} THEN ${ts(`${HOUR / 2000} + i % 1800`)}
             ELSE ${ts(`${(5 * DAY) / 1000} + i * 4`)} END,
        'USD', 1000, ((i % ${CUSTOMERS}) + 1) || ':name' || i || '.com', ${at}, ${at}
      FROM generate_series(1, ${OPEN}) i`);
    await c.query(`INSERT INTO "Hold" ("backorderId", "customerId", "currency", "amount", "status", "createdAt", "updatedAt")
      SELECT "id", "customerId", 'USD', 1000, 'HELD', ${at}, ${at} FROM "Backorder" WHERE "status" = 'ACTIVE'`);
    await c.query('COMMIT');
    await c.query('ANALYZE');
  }, url);
}

async function lifecycleSection(dir: string): Promise<void> {
  const dbs = await twoDatabases(dir, 'lifecycle');
  try {
    seed(join(dir, 'lifecycle.db'));
    await seedPg(dbs.pg.url);
    const pass = async (db: Db) => {
      const engine = benchEngine(db);
      const busy = await cpu(() => engine.runPass(NOW));
      const idle = await time(() => engine.runPass(new Date(NOW.getTime() + 5 * MINUTE)));
      const r = busy.result;
      if (r.activated !== DUE || r.processing !== DUE || r.sent !== DUE || r.errors !== 0)
        throw new Error(`the pass on ${db.kind} did not do the work measured: ${JSON.stringify(r)}`);
      return { busy, idle };
    };
    const s = await pass(dbs.sqlite);
    const p = await pass(dbs.pg);
    report('PostgreSQL beside SQLite: lifecycle pass', [
      {
        name: `pass: ${OPEN} open, ${DUE} activated + ${DUE} processed and sent`,
        unit: 'ms',
        value: p.busy.ms,
        baseline: s.busy.ms,
        baselineName: 'SQLite',
        target: '≤ 5000 ms',
      },
      {
        name: 'the same pass',
        unit: 'CPU ms (Node)',
        value: p.busy.cpuMs,
        baseline: s.busy.cpuMs,
        baselineName: 'SQLite',
      },
      {
        name: 'next pass, nothing due',
        unit: 'ms',
        value: p.idle.ms,
        baseline: s.idle.ms,
        baselineName: 'SQLite',
      },
    ]);
  } finally {
    await dbs.drop();
  }
}

export default async function pgBench(): Promise<void> {
  if (!SERVER?.startsWith('postgres')) {
    console.log(
      '\n## PostgreSQL beside SQLite\n\nskipped: set BENCH_PG_URL to a PostgreSQL server where the benchmark may create databases, e.g. BENCH_PG_URL=postgresql://postgres@127.0.0.1:5432/postgres',
    );
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'bench-pg-'));
  const only = (process.env.BENCH_PG_ONLY ?? 'import,search,lifecycle').split(',');
  try {
    if (only.includes('import')) await importSection(dir);
    if (only.includes('search')) await searchSection(dir);
    if (only.includes('lifecycle')) await lifecycleSection(dir);
    const server = await admin(
      async (c) => (await c.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version,
    );
    console.log(
      `\nPostgreSQL ${server}; load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} on ${availableParallelism()} CPU(s)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
