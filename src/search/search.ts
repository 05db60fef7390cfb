import { z } from 'zod';
import type { Clock } from '../clock.ts';
import { type Db, sqlitePath } from '../db/client.ts';
import { InvalidInput } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { ListSource, LoadedList, Watching } from './list-source.ts';
import { MemoryIndex } from './memory-index.ts';
import { pgListSource } from './pg-source.ts';
import {
  type DropDay,
  type FieldNames,
  parseSearchQuery,
  type SearchIndex,
  type SearchQueryInput,
  type SearchResult,
} from './query.ts';
import { createSqlIndex } from './sql-index.ts';
import { sqliteListSource } from './sqlite-source.ts';

// The search service. Plain SQL answers by default (a CLI process asks once and exits); a
// long-lived process calls warm() to keep a memory index of the drop list. Before every answer it
// compares the index's version with the database's (one tiny query), so a new import made by any
// process is seen at once: until the rebuilt index is ready, SQL answers. Where the database tells
// of imports (PostgreSQL), the index of a new list is built while the import finishes, and answers
// from the moment the list goes live; a periodic check covers word that was missed.

const RETRY_AFTER_FAILURE_MS = 60_000;
const CHECK_EVERY_MS = 60_000;

export interface SearchState {
  backend: 'memory' | 'sql';
  rows?: number;
  version?: string;
  buildMs?: number;
}

interface Built {
  version: string;
  index: MemoryIndex;
  buildMs: number;
}

/** The default list source: none for a database only SQL can read (SQLite in memory). */
function listSource(db: Db, log?: Logger): ListSource | undefined {
  if (db.kind === 'postgresql') return pgListSource(db, log);
  return sqlitePath(db.url) === ':memory:' ? undefined : sqliteListSource(db);
}

export function createSearch(deps: { db: Db; clock: Clock; log?: Logger; source?: ListSource }) {
  const { db, clock, log } = deps;
  const sql = createSqlIndex(db);
  const source = deps.source ?? listSource(db, log);
  let keep = false;
  /** the index of the list last seen live, and of the one an import is about to swap in */
  let live: Built | undefined;
  let next: Built | undefined;
  /** builds run one at a time: each holds a whole list in memory */
  let queue: Promise<unknown> = Promise.resolve();
  let building: Promise<void> | undefined;
  let failedAt: number | undefined;
  let watching: Watching | undefined;
  let timer: NodeJS.Timeout | undefined;

  /** True when an index holds the live list (taking the prepared one once it has gone live). */
  async function current(): Promise<boolean> {
    if (!source) return false;
    const version = await source.version();
    if (live?.version === version) return true;
    if (next?.version !== version) return false;
    live = next;
    next = undefined;
    return true;
  }

  function build(load: () => Promise<LoadedList | undefined>): Promise<Built | undefined> {
    const run = async () => {
      const t0 = performance.now();
      try {
        const loaded = await load();
        if (!loaded) return undefined;
        const index = await MemoryIndex.build(loaded.columns);
        const built = { version: loaded.version, index, buildMs: Math.round(performance.now() - t0) };
        failedAt = undefined;
        log?.info('search index built', { rows: index.rows, version: built.version, ms: built.buildMs });
        return built;
      } catch (e) {
        failedAt = clock.now().getTime();
        log?.error('search index build failed; plain SQL answers meanwhile', { error: e });
        throw e;
      }
    };
    const done = queue.then(run, run);
    queue = done.catch(() => undefined);
    return done;
  }

  function rebuild(): Promise<void> {
    building ??= build(async () => ((await current()) ? undefined : source!.load()))
      .then((built) => {
        if (built) live = built;
      })
      .finally(() => {
        building = undefined;
      });
    return building;
  }

  async function backend(): Promise<SearchIndex> {
    if (!keep) return sql;
    if (await current()) return live!.index;
    const mayRetry = failedAt === undefined || clock.now().getTime() - failedAt >= RETRY_AFTER_FAILURE_MS;
    if (mayRetry) rebuild().catch(() => {}); // logged in build; this query goes to SQL
    return sql;
  }

  /**
   * Rebuilds until the index matches the database's latest import (bounded: imports may keep
   * coming). Never throws: a failed build, or a database that does not answer, is logged, and SQL
   * answers until a later refresh or search builds it.
   */
  async function refresh(): Promise<void> {
    for (let i = 0; keep && i < 3; i++) {
      try {
        if (await current()) return;
      } catch (error) {
        log?.error('search index not refreshed: the database did not answer', { error });
        return;
      }
      if (
        !(await rebuild().then(
          () => true,
          () => false,
        ))
      )
        return;
    }
  }

  function watch(s: ListSource): void {
    watching = s.watch?.({
      next(load) {
        build(load)
          .then((built) => {
            if (built) next = built;
          })
          .catch(() => {}); // logged in build; the list is loaded again once it is live
      },
      changed: () => void refresh(),
    });
    timer = setInterval(() => void refresh(), CHECK_EVERY_MS);
    timer.unref();
  }

  return {
    /** `names`: how the caller's users know the fields, for the error message (see parseSearchQuery). */
    async search(query: SearchQueryInput, names?: FieldNames): Promise<SearchResult> {
      const q = parseSearchQuery(query, names);
      return (await backend()).search(q, clock.now());
    },

    /** The next `days` UTC days that have future drops, with their counts. */
    async upcomingDays(days = 3): Promise<DropDay[]> {
      const n = z.number().int().min(1).max(366).safeParse(days);
      if (!n.success)
        throw new InvalidInput(`days must be a whole number from 1 to 366 (got ${String(days)})`);
      return (await backend()).upcomingDays(n.data, clock.now());
    },

    /** Keep a memory index from now on (long-lived processes); resolves once it is built (or failed). */
    async warm(): Promise<void> {
      if (!source) return;
      if (!keep) watch(source);
      keep = true;
      await Promise.all([refresh(), watching?.ready]);
    },

    /** Stops listening and checking (the service's shutdown); answers come from SQL from then on. */
    async stop(): Promise<void> {
      keep = false;
      clearInterval(timer);
      await watching?.stop();
      watching = undefined;
    },

    /** Bring the memory index up to the latest import now (the importer calls this after an import). */
    refresh,

    /** Which backend answers now: the memory index only when it holds the latest import. */
    async state(): Promise<SearchState> {
      if (!keep || !(await current())) return { backend: 'sql' };
      return { backend: 'memory', rows: live!.index.rows, version: live!.version, buildMs: live!.buildMs };
    },
  };
}

export type Search = ReturnType<typeof createSearch>;
