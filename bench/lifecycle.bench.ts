import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { auctionsService } from '../src/auctions/service.ts';
import { createLifecycle } from '../src/backorders/lifecycle/engine.ts';
import { DAY, fixedClock, HOUR } from '../src/clock.ts';
import { loadConfig } from '../src/config.ts';
import { type Db, openDb, sqlDate } from '../src/db/client.ts';
import { migrateDatabase } from '../src/db/migrate.ts';
import { silentLogger } from '../src/log.ts';
import { createSandboxRegistrar } from '../src/registrar/sandbox/sandbox-registrar.ts';
import { type Figure, report, time } from './harness.ts';

// One lifecycle pass over 100 000 open backorders of 1 000 customers, of which 10 000 are due to
// activate (hold each) and 10 000 to process (PROCESSING, then one application each at the sandbox
// registrar), the rest waiting for drops further away. Baselines measured in the same run on the
// same file: as many single-row UPDATEs as due backorders, in one transaction, by a bare
// better-sqlite3 prepared statement and by Prisma. A second pass right after shows the idle cost.

export const NOW = new Date('2027-06-01T12:00:00Z');
export const OPEN = 100_000;
export const DUE = 10_000;
export const CUSTOMERS = 1_000;

/** The rows straight in with SQL (what the pass reads; how they got there does not matter here). */
/**
 * The lifecycle engine as the service builds it (its default REGISTRAR_CONCURRENCY), on the sandbox
 * registrar at NOW.
 */
export function benchEngine(db: Db) {
  const clock = fixedClock(NOW);
  return createLifecycle({
    db,
    concurrency: loadConfig({}).REGISTRAR_CONCURRENCY,
    registrar: createSandboxRegistrar({ seed: 1, catchRate: 0.5, clock, log: silentLogger }),
    log: silentLogger,
    clock,
    openAuction: auctionsService(db, { AUCTION_STEP: 5, AUCTION_DAYS: 3, REGISTRAR: 'sandbox' }).openAuction,
  });
}

export function seed(path: string, open = OPEN): void {
  const conn = new Database(path);
  const at = sqlDate(NOW);
  const ts = (offsetSeconds: string) =>
    `strftime('%Y-%m-%dT%H:%M:%f', '${NOW.toISOString().slice(0, 19)}', '+' || (${offsetSeconds}) || ' seconds') || '+00:00'`;
  conn.exec('BEGIN');
  conn.exec(
    `INSERT INTO "Price" ("zone", "currency", "amount", "updatedAt") VALUES ('com', 'USD', 1000, '${at}')`,
  );
  conn.exec(`WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ${CUSTOMERS})
    INSERT INTO "Customer" ("name", "currency", "createdAt", "updatedAt") SELECT 'customer ' || i, 'USD', '${at}', '${at}' FROM s`);
  conn.exec(`INSERT INTO "LedgerEntry" ("customerId", "currency", "amount", "kind", "idempotencyKey", "createdAt")
    SELECT "id", 'USD', 100000000, 'DEPOSIT', 'seed:' || "id", '${at}' FROM "Customer"`);
  // 1..DUE: REQUESTED, drop in 1-2 days; DUE+1..2*DUE: ACTIVE, drop within the hour; the rest: drops 5-10 days away.
  conn.exec(`WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ${open})
    INSERT INTO "Backorder" ("customerId", "fqdn", "label", "zone", "status", "dropAt", "currency", "price", "openKey", "createdAt", "updatedAt")
    SELECT (i % ${CUSTOMERS}) + 1, 'name' || i || '.com', 'name' || i, 'com',
      CASE WHEN i <= ${DUE} THEN 'REQUESTED' WHEN i <= ${2 * DUE} THEN 'ACTIVE' ELSE 'REQUESTED' END,
      CASE WHEN i <= ${DUE} THEN ${ts(`${DAY / 1000} + i * 8`)}
           WHEN i <= ${2 * DUE} THEN ${ts(`${HOUR / 2000} + i % 1800`)}
           ELSE ${ts(`${(5 * DAY) / 1000} + i * 4`)} END,
      'USD', 1000, ((i % ${CUSTOMERS}) + 1) || ':name' || i || '.com', '${at}', '${at}'
    FROM s`);
  conn.exec(`INSERT INTO "Hold" ("backorderId", "customerId", "currency", "amount", "status", "createdAt", "updatedAt")
    SELECT "id", "customerId", 'USD', 1000, 'HELD', '${at}', '${at}' FROM "Backorder" WHERE "status" = 'ACTIVE'`);
  conn.exec('COMMIT');
  conn.exec('ANALYZE');
  conn.close();
}

/** Baseline 1: 2 × DUE single-row updates by one prepared statement, in one transaction. */
function bareUpdates(path: string): number {
  const conn = new Database(path);
  conn.pragma('journal_mode = WAL');
  conn.pragma('synchronous = NORMAL');
  const update = conn.prepare('UPDATE "Backorder" SET "updatedAt" = ? WHERE "id" = ?');
  const at = sqlDate(NOW);
  const t0 = performance.now();
  conn.exec('BEGIN');
  for (let id = 2 * DUE + 1; id <= 4 * DUE; id++) update.run(at, id);
  conn.exec('COMMIT');
  const ms = performance.now() - t0;
  conn.close();
  return ms;
}

export default async function lifecycleBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-lifecycle-'));
  const path = join(dir, 'bench.db');
  const url = `file:${path}`;
  try {
    await migrateDatabase(url);
    seed(path);
    const bareMs = bareUpdates(path);
    const db = await openDb(url);
    const prismaUpdates = await time(() =>
      db.tx(async (tx) => {
        for (let id = 2 * DUE + 1; id <= 4 * DUE; id++)
          await tx.backorder.update({ where: { id }, data: { updatedAt: NOW } });
      }),
    );
    const engine = benchEngine(db);
    const cpu0 = process.cpuUsage();
    const pass = await time(() => engine.runPass(NOW));
    const cpu = process.cpuUsage(cpu0);
    const idle = await time(() => engine.runPass(new Date(NOW.getTime() + 5 * 60_000)));
    await db.close();
    const r = pass.result;
    if (r.activated !== DUE || r.processing !== DUE || r.sent !== DUE || r.errors !== 0) {
      throw new Error(`the pass did not do the work measured: ${JSON.stringify(r)}`);
    }
    const figures: Figure[] = [
      {
        name: `pass: ${OPEN} open, ${DUE} activated + ${DUE} processed and sent`,
        unit: 'ms',
        value: pass.ms,
        baseline: bareMs,
        baselineName: `${2 * DUE} bare UPDATEs, 1 tx`,
        target: '≤ 10000 ms',
      },
      {
        name: 'the same pass',
        unit: 'ms',
        value: pass.ms,
        baseline: prismaUpdates.ms,
        baselineName: `${2 * DUE} Prisma row updates, 1 tx`,
        target: '≤ 10000 ms',
      },
      {
        name: 'next pass, nothing due',
        unit: 'ms',
        value: idle.ms,
        baseline: bareMs,
        baselineName: `${2 * DUE} bare UPDATEs, 1 tx`,
      },
    ];
    report('Lifecycle pass', figures);
    console.log(`\npass result: ${JSON.stringify(r)}`);
    // On a shared machine the wall time depends on its load; the pass's own CPU time does not.
    console.log(
      `pass CPU time ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms; load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} on ${availableParallelism()} CPU(s)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
