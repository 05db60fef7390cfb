import { setTimeout as sleep } from 'node:timers/promises';
import { DatabaseBusy } from '../errors.ts';

// SQLite lets one process write at a time. better-sqlite3 waits for the lock by sleeping on the
// calling thread (its busy timeout), which would freeze the whole service, every bot included,
// while a CLI `droplist import` or `batch` in another process holds it. So SQLite waits only
// briefly itself, and the waiting beyond that happens here, asynchronously, between attempts.

/** How long SQLite itself waits for the lock, on the event loop's thread: short. */
export const SQLITE_BUSY_TIMEOUT_MS = 20;

/** How long a statement waits for the lock in all before the caller hears DatabaseBusy. */
export const BUSY_DEADLINE_MS = 20_000;

/** better-sqlite3's SqliteError, or Prisma's adapter error wrapping it. */
export function isBusy(e: unknown): boolean {
  const err = e as { code?: unknown; cause?: { originalCode?: unknown } } | undefined;
  const code = String(err?.cause?.originalCode ?? err?.code ?? '');
  return code.startsWith('SQLITE_BUSY');
}

/**
 * Runs `attempt` until it gets past a busy database: each failed attempt must have changed nothing
 * (a statement that could not take the lock, a BEGIN IMMEDIATE). Waits grow from a few ms to 200 ms.
 */
export async function untilFree<T>(attempt: () => T | Promise<T>, deadlineMs = BUSY_DEADLINE_MS): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (let wait = 5; ; wait = Math.min(wait * 2, 200)) {
    try {
      return await attempt();
    } catch (e) {
      if (!isBusy(e)) throw e;
      if (Date.now() + wait > deadline) throw new DatabaseBusy();
      await sleep(wait + Math.random() * wait);
    }
  }
}
