import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaClient } from '../generated/sqlite/client.ts';
import { isBusy, SQLITE_BUSY_TIMEOUT_MS, untilFree } from './busy.ts';
import { type Prisma, sqlitePath } from './client.ts';
import { insideTx } from './inside-tx.ts';

// The embedded database: the SQLite client and its adapter, loaded only by a process that opens one.

interface BetterSqliteHandle {
  prepare(sql: string): { run(): unknown };
  pragma(sql: string): unknown;
  inTransaction: boolean;
}

/** A statement that changes nothing and returns no rows (foreign_keys cannot change inside a transaction). */
const NO_OP = 'PRAGMA foreign_keys = ON';

/** A promise-chain mutex: waiting never blocks the event loop. */
function createMutex() {
  let tail: Promise<void> = Promise.resolve();
  return async (): Promise<() => void> => {
    let release!: () => void;
    const next = new Promise<void>((r) => {
      release = r;
    });
    const previous = tail;
    tail = previous.then(() => next);
    await previous;
    return release;
  };
}

/** How long after a probe found the file locked by another process the next one may look. */
const PROBE_GAP_MS = 50;
/** Said instead of probing within the gap: busy, as the probe would say (busy.ts waits and retries). */
const LOCKED_ELSEWHERE = Object.assign(new Error('the database is locked by another process'), {
  code: 'SQLITE_BUSY',
});

/** Statements that only read. */
const READ_ONLY = /^\s*(SELECT|PRAGMA\s+\w+\s*$)/i;

/**
 * Three fixes to the SQLite adapter, about one process sharing one connection and several processes
 * sharing one file:
 * - It starts transactions with a deferred BEGIN; two processes that both read then write would
 *   deadlock into SQLITE_BUSY. We take the write lock up front with BEGIN IMMEDIATE instead.
 * - Waiting for that lock: SQLite's own busy timeout sleeps on the event loop's thread, so it is
 *   short (busy.ts), and a statement or BEGIN that finds the file locked by another process is tried
 *   again asynchronously, without holding our connection meanwhile. (The adapter's own BEGIN could
 *   not be retried: a failing BEGIN leaks its internal mutex; so we begin, and its BEGIN is a no-op.)
 * - Queries outside a transaction run on the same connection even while another async flow has a
 *   transaction open, so they would join it (and vanish if it rolls back). They wait for it instead;
 *   code running inside the transaction itself is let through, as before.
 */
function shareOneConnection(factory: PrismaBetterSqlite3): SqlMigrationAwareDriverAdapterFactory {
  const tune = (adapter: SqlDriverAdapter) => {
    const client = (adapter as unknown as { client: BetterSqliteHandle }).client;
    client.pragma('journal_mode = WAL');
    client.pragma('synchronous = NORMAL');
    client.pragma('foreign_keys = ON');
    const prepare = client.prepare.bind(client);
    // Set just before the adapter's startTransaction, which then runs BEGIN on a transaction we began.
    let begun = false;
    client.prepare = (sql: string) => {
      if (sql !== 'BEGIN') return prepare(sql);
      if (!begun) throw new Error('BEGIN outside startTransaction');
      begun = false;
      return prepare(NO_OP);
    };

    const lock = createMutex();
    // While another process holds the write lock, every waiting write probing the file would block
    // the event loop for SQLite's busy timeout, each on every try: twenty of them left the service
    // barely turning. One probe per gap finds out; the other writes wait their turn asynchronously.
    let lockedUntil = 0;
    /** One attempt holds the connection; the waits between attempts leave it to others. */
    const exclusive =
      <A extends unknown[], R>(fn: (...a: A) => Promise<R>) =>
      async (...args: A): Promise<R> => {
        if (insideTx.getStore()) return fn(...args);
        // A read needs no write lock (WAL): it goes ahead however locked the file is.
        const sql = typeof args[0] === 'string' ? args[0] : (args[0] as { sql?: string } | undefined)?.sql;
        const writes = !READ_ONLY.test(sql ?? '');
        return untilFree(async () => {
          const release = await lock();
          try {
            if (writes && Date.now() < lockedUntil) throw LOCKED_ELSEWHERE;
            return await fn(...args);
          } catch (e) {
            if (writes && e !== LOCKED_ELSEWHERE && isBusy(e)) lockedUntil = Date.now() + PROBE_GAP_MS;
            throw e;
          } finally {
            release();
          }
        });
      };
    adapter.queryRaw = exclusive(adapter.queryRaw.bind(adapter));
    adapter.executeRaw = exclusive(adapter.executeRaw.bind(adapter));
    adapter.executeScript = exclusive(adapter.executeScript.bind(adapter));
    const start = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolation) => {
      const release = await untilFree(async () => {
        const unlock = await lock();
        try {
          if (Date.now() < lockedUntil) throw LOCKED_ELSEWHERE;
          prepare('BEGIN IMMEDIATE').run();
          return unlock;
        } catch (e) {
          unlock();
          if (e !== LOCKED_ELSEWHERE && isBusy(e)) lockedUntil = Date.now() + PROBE_GAP_MS;
          throw e;
        }
      });
      try {
        begun = true;
        const tx = await start(isolation);
        const commit = tx.commit.bind(tx);
        const rollback = tx.rollback.bind(tx);
        tx.commit = () => commit().finally(release);
        tx.rollback = () => rollback().finally(release);
        return tx;
      } catch (e) {
        begun = false;
        if (client.inTransaction) prepare('ROLLBACK').run();
        release();
        throw e;
      }
    };
    return adapter;
  };
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => tune(await factory.connect()),
    connectToShadowDb: () => factory.connectToShadowDb(),
  };
}

export function sqliteAdapter(url: string): SqlMigrationAwareDriverAdapterFactory {
  const path = sqlitePath(url);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  return shareOneConnection(new PrismaBetterSqlite3({ url: path, timeout: SQLITE_BUSY_TIMEOUT_MS }));
}

export function sqliteClient(url: string): Prisma {
  return new PrismaClient({ adapter: sqliteAdapter(url) });
}
