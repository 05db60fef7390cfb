import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SQLITE_BUSY_TIMEOUT_MS, untilFree } from '../../src/db/busy.ts';
import { sqlitePath } from '../../src/db/client.ts';
import { DatabaseBusy } from '../../src/errors.ts';
import { createI18n } from '../../src/notify/i18n.ts';
import { SHIPPED_LOCALES } from '../../src/notify/service.ts';
import { startSlack, textOf } from '../slack/harness.ts';

// Another process (a CLI import or batch) holds SQLite's write lock for 10 s. The service must not
// freeze meanwhile: its event loop keeps turning, staff commands are acknowledged at once, reads are
// answered, and a write waits (asynchronously) and then succeeds. SQLite only: PostgreSQL has row locks.

const onSqlite = !process.env.TEST_DATABASE_URL?.startsWith('postgres');
const HOLD_MS = 10_000;

/** A child process that takes the write lock, says so, holds it for `ms`, then commits and exits. */
function holdWriteLock(
  path: string,
  ms: number,
  write = 'UPDATE "Price" SET "updatedAt" = "updatedAt"',
): Promise<{ released: Promise<void> }> {
  const script = join(path, '..', 'hold-lock.cjs');
  writeFileSync(
    script,
    `const Database = require(${JSON.stringify(require.resolve('better-sqlite3'))});
     const db = new Database(${JSON.stringify(path)}, { timeout: 5000 });
     db.exec('BEGIN IMMEDIATE');
     db.prepare(${JSON.stringify(write)}).run();
     process.send('locked');
     setTimeout(() => { db.exec('COMMIT'); db.close(); process.exit(0); }, ${ms});`,
  );
  const child = fork(script, [], { stdio: 'ignore' });
  const released = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve({ released }));
    child.once('exit', (code) => reject(new Error(`the lock holder exited with ${code}`)));
  });
}

describe.skipIf(!onSqlite)('another process holds the SQLite write lock for 10 s', async () => {
  const h = await startSlack({ SLACK_CREDIT_CONFIRM_ABOVE: '1000' });
  await h.core.pricing.set('com', 'USD', 1000n, 'test');
  const lag = monitorEventLoopDelay({ resolution: 10 });
  afterAll(() => lag.disable());

  it('the event loop keeps turning, commands are acknowledged, reads answered, and a write waits, then succeeds', async () => {
    const ann = await h.core.customers.create({ name: 'Ann', currency: 'USD' }); // one per attempt (retries)
    const { released } = await holdWriteLock(sqlitePath(h.core.db.url), HOLD_MS);
    const t0 = performance.now();
    lag.reset();
    lag.enable();

    // A write: acknowledged at once, answered once the lock is free, credited.
    const credit = await h.command(`credit ${ann.id} 10 USD while locked`);
    expect(credit.status).toBe(200);
    expect(performance.now() - t0).toBeLessThan(3_000);

    // Reads meanwhile are answered well before the lock is released.
    expect((await h.core.customers.list({ text: String(ann.id) })).map((c) => c.name)).toContain('Ann');
    expect(performance.now() - t0).toBeLessThan(HOLD_MS - 2_000);

    await h.fake.waitFor(() => h.fake.responses.some((r) => r.id === credit.responseId), 30_000);
    const reply = await h.responseTo(credit.responseId);
    expect(textOf(reply)).toMatch(/Credited \*10\.00 USD\*/);
    await released;
    lag.disable();
    expect((await h.core.billing.balances(ann.id)).balance).toBe(1000n);
    // p99 of the loop's delay over the whole hold, in ms (the histogram counts ns)
    // The target is 100 ms (a few ms when this file runs alone); the assertion allows 250 ms for a CI
    // machine whose two cores other test files share, 40 times below the freeze it guards against.
    expect(lag.percentile(99) / 1e6).toBeLessThan(250);
  }, 60_000);
});

describe.skipIf(!onSqlite)('a lock held past the wait', () => {
  it('ends in DatabaseBusy, which every edge words as "try again in a moment"', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'backorder-busy-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'locked.db');
    new Database(path).exec('PRAGMA journal_mode = WAL; CREATE TABLE t (x)').close();
    const { released } = await holdWriteLock(path, 2_000, 'INSERT INTO t VALUES (1)');
    const conn = new Database(path, { timeout: SQLITE_BUSY_TIMEOUT_MS });
    const error = await untilFree(() => conn.exec('BEGIN IMMEDIATE'), 300).catch((e: unknown) => e);
    conn.close();
    await released;
    expect(error).toBeInstanceOf(DatabaseBusy);
    expect(createI18n({ dir: SHIPPED_LOCALES }).errorText('de', error as DatabaseBusy)).toMatch(
      /in ein paar Sekunden/,
    );
  });
});
