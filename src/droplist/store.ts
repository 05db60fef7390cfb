import type { Db } from '../db/client.ts';
import type { DropDay } from '../search/query.ts';
import type { DropRow } from './row-parser.ts';

// The bulk work of an import, in each database's own SQL: rows go to a private staging area, then
// one transaction compares it with the stored list and puts it in its place. Row-by-row writes
// through Prisma would take minutes for a million rows (see notes/stack.md).

export interface ReplaceCounts {
  /** names new to the list */
  added: number;
  /** names whose drop time changed */
  updated: number;
  /** names no longer listed (including past drops) */
  removed: number;
  /** rows naming a name already staged: the first row of a name wins */
  duplicates: number;
  /** names in the list afterwards */
  total: number;
}

export interface Staging {
  write(rows: DropRow[]): Promise<void>;
  /**
   * Replaces the stored list with the staged rows in one transaction. New names carry `importId`;
   * names already listed keep the id of the import that first listed them, so the names an import
   * added are those with its id.
   */
  replace(importId: number): Promise<ReplaceCounts>;
  /** Drops the staging area (whether or not replace ran). */
  close(): Promise<void>;
}

export interface DropStore {
  stage(): Promise<Staging>;
  /** Names dropping after `after`, per UTC day, ascending. */
  dropDays(after: Date): Promise<DropDay[]>;
}

/** The database's store, loaded at its first use: most commands never touch it, and the PostgreSQL one brings node-postgres. */
export function createDropStore(db: Db): DropStore {
  let store: Promise<DropStore> | undefined;
  const open = () =>
    (store ??=
      db.kind === 'sqlite'
        ? import('./sqlite-store.ts').then((m) => m.sqliteDropStore(db))
        : import('./pg-store.ts').then((m) => m.pgDropStore(db)));
  return {
    stage: async () => (await open()).stage(),
    dropDays: async (after) => (await open()).dropDays(after),
  };
}
