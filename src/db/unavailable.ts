import { setTimeout as sleep } from 'node:timers/promises';

// The database server cannot be reached, or dropped the connection: PostgreSQL restarting, stopped,
// or the network between. Not a bug of ours and not a rule: whoever asked is told to try again in a
// moment, and a record of something already done outside (a message sent) waits for the database to
// come back rather than being lost and the thing done twice.

/** SQLSTATE classes and codes of a connection that is gone or cannot be had yet. */
const PG_UNAVAILABLE = /^(08|57P0[1-3]|53300)/;
/** Prisma's codes for an unreachable or closed server, and node's for a refused or broken socket. */
const CODES = new Set(['P1001', 'P1002', 'P1017', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']);

interface Shaped {
  code?: unknown;
  message?: unknown;
  meta?: { driverAdapterError?: { cause?: { kind?: unknown; originalCode?: unknown; code?: unknown } } };
  cause?: { kind?: unknown; originalCode?: unknown; code?: unknown };
}

export function isDatabaseUnavailable(e: unknown): boolean {
  const err = e as Shaped | undefined;
  if (!err || typeof err !== 'object') return false;
  const adapter = err.meta?.driverAdapterError?.cause ?? err.cause;
  if (adapter?.kind === 'DatabaseNotReachable' || adapter?.kind === 'ConnectionClosed') return true;
  const codes = [err.code, adapter?.originalCode, adapter?.code].map((c) => String(c ?? ''));
  if (codes.some((c) => CODES.has(c) || PG_UNAVAILABLE.test(c))) return true;
  return /Connection terminated|Can't reach database server|server closed the connection/i.test(
    String(err.message ?? ''),
  );
}

/**
 * Runs `write` until the database takes it, waiting out an outage (up to `deadlineMs`): for the
 * record of something that already happened outside, which must not be lost and then redone.
 */
export async function onceReachable<T>(write: () => Promise<T>, deadlineMs = 10 * 60_000): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (let wait = 250; ; wait = Math.min(wait * 2, 2_000)) {
    try {
      return await write();
    } catch (e) {
      if (!isDatabaseUnavailable(e) || Date.now() + wait > deadline) throw e;
      await sleep(wait);
    }
  }
}
