// The lock that keeps two processes from migrating one SQLite file at the same time.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { dbKind, sqlitePath } from '../client.ts';

/**
 * The engine does not lock SQLite (it takes an advisory lock on PostgreSQL), so two processes starting
 * at once would both apply the same migration. Serialize them with an exclusive SQLite lock on a
 * sibling file: the OS drops it if the holder dies, so it cannot go stale.
 */
export async function withSqliteLock<T>(url: string, fn: () => Promise<T>): Promise<T> {
  if (dbKind(url) !== 'sqlite') return fn();
  const path = sqlitePath(url);
  if (path === ':memory:') return fn();
  mkdirSync(dirname(path), { recursive: true });
  const { default: Database } = await import('better-sqlite3');
  const lock = new Database(`${path}.migrate-lock`, { timeout: 0 });
  try {
    for (const deadline = Date.now() + 120_000; ; ) {
      try {
        lock.exec('BEGIN EXCLUSIVE');
        break;
      } catch (e) {
        if ((e as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw e;
        await new Promise((r) => setTimeout(r, 50)); // poll: a busy timeout would block the event loop
      }
    }
    return await fn();
  } finally {
    lock.close();
  }
}
