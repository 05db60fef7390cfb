import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { DAY, fixedClock, HOUR, MINUTE } from '../src/clock.ts';
import { createDb, type Db } from '../src/db/client.ts';
import { migrateDatabase } from '../src/db/migrate.ts';
import { fileSource } from '../src/droplist/file-source.ts';
import { importDropList } from '../src/droplist/importer.ts';
import type { DropListSource } from '../src/droplist/source.ts';
import type { SearchQueryInput } from '../src/search/query.ts';
import { createSearch } from '../src/search/search.ts';
import { generateRows } from '../test/search/fixtures.ts';
import { type Figure, median, percentile, report, time } from './harness.ts';
import { generate } from './import.bench.ts';
import { benchEngine, CUSTOMERS, DUE, NOW, OPEN, seed } from './lifecycle.bench.ts';
import { MIX } from './search.bench.ts';

// PostgreSQL beside SQLite, measured in the same run on the same machine with the same code: the
// drop-list import of 1 000 000 rows (empty database, then over the full list), search p95 over a
// 1 000 000-name list (SQLite answers from the memory index, PostgreSQL in SQL with the pg_trgm
// index; PostgreSQL without that index as a second reference), and one lifecycle pass over 100 000
// open backorders. Runs only when BENCH_PG_URL names a PostgreSQL server where it may create
// databases (each section gets a new one, dropped afterwards).

const SERVER = process.env.BENCH_PG_URL;
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const TRGM_INDEX = 'DropDomain_label_trgm_idx';

async function admin<T>(fn: (c: pg.Client) => Promise<T>, url = SERVER!): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A new migrated PostgreSQL database and SQLite file, each with its client. */
async function twoDatabases(
  dir: string,
  name: string,
): Promise<{ sqlite: Db; pg: Db; drop(): Promise<void> }> {
  const db = `bench_${name}_${process.pid}`;
  await admin((c) => c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`));
  await admin((c) => c.query(`CREATE DATABASE ${db}`));
  const u = new URL(SERVER!);
  u.pathname = `/${db}`;
  const pgUrl = u.toString();
  const sqliteUrl = `file:${join(dir, `${name}.db`)}`;
  await migrateDatabase(pgUrl);
  await migrateDatabase(sqliteUrl);
  const sqlite = createDb(sqliteUrl);
  const pgDb = createDb(pgUrl);
  // a running service has its clients warm
  await sqlite.prisma.dropImport.count();
  await pgDb.prisma.dropImport.count();
  return {
    sqlite,
    pg: pgDb,
    drop: async () => {
      await sqlite.close();
      await pgDb.close();
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`));
    },
  };
}

async function cpu<T>(fn: () => Promise<T>): Promise<{ ms: number; cpuMs: number; result: T }> {
  const c0 = process.cpuUsage();
  const { ms, result } = await time(fn);
  const c = process.cpuUsage(c0);
  return { ms, cpuMs: (c.user + c.system) / 1000, result };
}

// ---------------------------------------------------------------------------------------------------

async function importSection(dir: string): Promise<void> {
  const NOW = new Date('2026-12-01T06:00:00Z');
  const { first, second } = await generate(dir, ROWS);
  const dbs = await twoDatabases(dir, 'import');
  try {
    const clock = fixedClock(NOW);
    const run = async (db: Db) => ({
      empty: await cpu(() => importDropList({ db, clock }, fileSource(first))),
      replace: await cpu(() => importDropList({ db, clock }, fileSource(second))),
    });
    const s = await run(dbs.sqlite);
    const p = await run(dbs.pg);
    for (const k of ['added', 'updated', 'removed', 'total'] as const) {
      if (s.replace.result[k] !== p.replace.result[k])
        throw new Error(`the two imports differ in ${k}: ${s.replace.result[k]} vs ${p.replace.result[k]}`);
    }
    const figures: Figure[] = [
      {
        name: `import ${ROWS} rows, empty database`,
        unit: 'ms',
        value: p.empty.ms,
        baseline: s.empty.ms,
        baselineName: 'SQLite',
      },
      {
        name: `import ${ROWS} rows over the full list`,
        unit: 'ms',
        value: p.replace.ms,
        baseline: s.replace.ms,
        baselineName: 'SQLite',
      },
      {
        name: 'the same, empty database',
        unit: 'CPU ms (Node)',
        value: p.empty.cpuMs,
        baseline: s.empty.cpuMs,
        baselineName: 'SQLite',
      },
      {
        name: 'the same, over the full list',
        unit: 'CPU ms (Node)',
        value: p.replace.cpuMs,
        baseline: s.replace.cpuMs,
        baselineName: 'SQLite',
      },
    ];
    report('PostgreSQL beside SQLite: drop-list import', figures);
    const rate = (ms: number) => Math.round(ROWS / (ms / 1000)).toLocaleString('en');
    const { added, updated, removed, total } = p.replace.result;
    console.log(
      `\nrows/s into the empty database: PostgreSQL ${rate(p.empty.ms)}, SQLite ${rate(s.empty.ms)}`,
    );
    console.log(`replace (both): ${JSON.stringify({ added, updated, removed, total })}`);
    console.log("CPU ms count this (Node) process only: PostgreSQL's own work runs in its server processes");
  } finally {
    await dbs.drop();
  }
}

// ---------------------------------------------------------------------------------------------------

const REPS = 10;

async function timings(run: (q: SearchQueryInput) => Promise<unknown>): Promise<number[]> {
  const wall: number[] = [];
  for (const q of MIX) {
    await run(q);
    for (let i = 0; i < REPS; i++) wall.push((await time(() => run(q))).ms);
  }
  return wall;
}

async function searchSection(dir: string): Promise<void> {
  const NOW = new Date('2026-06-02T00:00:00.000Z');
  const dbs = await twoDatabases(dir, 'search');
  try {
    const clock = fixedClock(NOW);
    const rows = generateRows(ROWS, { seed: 7, from: new Date(NOW.getTime() + MINUTE), days: 5 });
    const list: DropListSource = {
      name: 'bench list',
      open: async () =>
        (async function* () {
          for (const r of rows) yield `${r.fqdn};${r.dropAt.toISOString().slice(0, 19).replace('T', ' ')}`;
        })(),
    };
    await importDropList({ db: dbs.sqlite, clock }, list);
    await importDropList({ db: dbs.pg, clock }, list);
    rows.length = 0;
    await admin((c) => c.query('ANALYZE "DropDomain"'), dbs.pg.url);

    const memory = createSearch({ db: dbs.sqlite, clock });
    await memory.warm();
    const sqliteSql = createSearch({ db: dbs.sqlite, clock });
    const postgres = createSearch({ db: dbs.pg, clock });
    for (const q of MIX) {
      const [a, b] = [await memory.search(q), await postgres.search(q)];
      if (JSON.stringify(a) !== JSON.stringify(b))
        throw new Error(`SQLite and PostgreSQL answer differently to ${JSON.stringify(q)}`);
    }
    const hasTrgm = await admin(
      async (c) =>
        (await c.query('SELECT 1 FROM pg_indexes WHERE indexname = $1', [TRGM_INDEX])).rowCount === 1,
      dbs.pg.url,
    );
    const pgWall = await timings((q) => postgres.search(q));
    const memWall = await timings((q) => memory.search(q));
    const sqlWall = await timings((q) => sqliteSql.search(q));
    // the same PostgreSQL without the trigram index, for what the index is worth
    let pgPlain: number[] | undefined;
    if (hasTrgm) {
      await admin((c) => c.query(`DROP INDEX "${TRGM_INDEX}"`), dbs.pg.url);
      pgPlain = await timings((q) => postgres.search(q));
    }
    const label = `PostgreSQL${hasTrgm ? ' (pg_trgm GIN)' : ' (no trigram index)'}`;
    const references: Array<[string, number[]]> = [
      ['SQLite memory index', memWall],
      ['SQLite SQL', sqlWall],
      ...(pgPlain ? [['PostgreSQL without pg_trgm', pgPlain] as [string, number[]]] : []),
    ];
    const figures: Figure[] = references.flatMap(([baselineName, base]) => [
      {
        name: `query, ${label}`,
        unit: 'p95 ms',
        value: percentile(pgWall, 95),
        baseline: percentile(base, 95),
        baselineName,
      },
      {
        name: `query, ${label}`,
        unit: 'median ms',
        value: median(pgWall),
        baseline: median(base),
        baselineName,
      },
    ]);
    report(`PostgreSQL beside SQLite: search, ${ROWS} names, ${MIX.length} queries × ${REPS}`, figures);
    const per = (list: number[], i: number) => median(list.slice(i * REPS, (i + 1) * REPS));
    console.log(
      `\nper query, median ms (PostgreSQL${pgPlain ? ' / PostgreSQL without pg_trgm' : ''} / SQLite memory / SQLite SQL):`,
    );
    MIX.forEach((q, i) => {
      const cells = [pgWall, ...(pgPlain ? [pgPlain] : []), memWall, sqlWall].map((l) => per(l, i));
      console.log(
        `  ${cells.map((v) => v.toFixed(v < 100 ? 2 : 0).padStart(8)).join(' ')}  ${JSON.stringify(q)}`,
      );
    });
  } finally {
    await dbs.drop();
  }
}

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
        target: '≤ 10000 ms',
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
