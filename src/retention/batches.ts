import { setImmediate as nextTurn } from 'node:timers/promises';
import { type Db, sqlDate } from '../db/client.ts';

// Old rows go in bounded batches: each batch is one statement (or one short transaction), so the
// first prune of a table that grew for months holds SQLite's write lock for a moment at a time, and
// the bots, the dispatcher and the lifecycle pass write in between.

/** Rows one statement (or transaction) of a prune deletes at most. */
export const PRUNE_BATCH = 5000;

/**
 * Runs `step` (one bounded delete of at most `batch` rows, returning how many it deleted) until a
 * step deletes fewer than `batch`; how many rows in all.
 */
export async function deleteInBatches(
  batch: number,
  step: (limit: number) => Promise<number>,
): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await step(batch);
    total += deleted;
    if (deleted < batch) return total;
    // let whatever waits for the database (or the event loop) go first
    await nextTurn();
  }
}

/** A Date as raw SQL compares it with stored DateTime values (SQLite stores them as ISO text). */
export const sqlInstant = (db: Db, d: Date): Date | string => (db.kind === 'sqlite' ? sqlDate(d) : d);
