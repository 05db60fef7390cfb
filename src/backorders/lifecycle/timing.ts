import { HOUR, MINUTE } from '../../clock.ts';
import type { DbKind } from '../../db/client.ts';
import { ACTIVATION_WINDOW_MS, PROCESSING_WINDOW_MS, STALE_AFTER_DROP_MS } from '../../domain/status.ts';
import { Prisma } from '../../generated/sqlite/client.ts';
import { sqlTime } from '../records.ts';

// The engine's clock arithmetic in one place. Windows come from the original (domain/status.ts).

const at = (now: Date, ms: number) => new Date(now.getTime() + ms);

export const activationWindow = (now: Date) => ({ gte: now, lte: at(now, ACTIVATION_WINDOW_MS) });
export const processingWindow = (now: Date) => ({ gte: now, lte: at(now, PROCESSING_WINDOW_MS) });
/** drops before this are more than 2 days past: open backorders of them are given up */
export const staleBefore = (now: Date) => at(now, -STALE_AFTER_DROP_MS);
export const pastGiveUp = (dropAt: Date | null, now: Date) =>
  dropAt !== null && now.getTime() > dropAt.getTime() + STALE_AFTER_DROP_MS;

/**
 * Passes run every 5 minutes, but never to the millisecond: something due "in 5 minutes" must be
 * due at the next pass even when that one starts a little early.
 */
const SLACK = MINUTE;
const later = (now: Date, ms: number) => at(now, ms - SLACK);

/**
 * The lease of a claimed send, from its claim until its result is stored: at most a recovery
 * question and the application itself, each one gateway call (HEXONET or CentralNic Reseller)
 * that may first check the session's credentials and, refused with 530, check them again and run
 * once more (the registrar's session.ts): 8
 * round trips of at most `registrarTimeoutMs`, and a minute for the database. Never under one pass
 * interval, the pace at which a crashed send is recovered anyway.
 */
export const sendLeaseMs = (registrarTimeoutMs: number) =>
  Math.max(5 * MINUTE, 8 * registrarTimeoutMs + MINUTE);

/** Send retries: at the next pass, then 10, 20, and every 30 minutes, until the give-up. */
export function retryAt(now: Date, attempts: number): Date {
  return later(now, Math.min(5 * MINUTE * 2 ** Math.max(0, attempts - 1), 30 * MINUTE));
}

/**
 * When to ask again about an application that has no result yet, once its drop has passed: every
 * pass in the first hour (when results come), every 15 minutes up to 6 hours, then hourly, so a
 * big drop day does not ask the registrar about thousands of applications every 5 minutes.
 */
export function pollAfterDropAt(now: Date, dropAt: Date): Date {
  const since = now.getTime() - dropAt.getTime();
  return later(now, since < HOUR ? 5 * MINUTE : since < 6 * HOUR ? 15 * MINUTE : HOUR);
}

/**
 * Before the drop there is nothing to learn but an early FAILED (the owner renewed the name): ask
 * hourly, and at the drop. SQL for the "nextAttemptAt" of rows whose drop is still ahead (or just
 * passed: then they are due at once).
 */
export function pollBeforeDropSql(kind: DbKind, now: Date): Prisma.Sql {
  const hour = sqlTime(kind, later(now, HOUR));
  return Prisma.sql`CASE WHEN "dropAt" < ${hour} THEN "dropAt" ELSE ${hour} END`;
}
