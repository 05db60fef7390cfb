import { z } from 'zod';
import type { Clock } from '../clock.ts';
import { type Db, sqlitePath } from '../db/client.ts';
import { InvalidInput } from '../errors.ts';
import type { Logger } from '../log.ts';
import { MemoryIndex } from './memory-index.ts';
import {
  type DropDay,
  type FieldNames,
  parseSearchQuery,
  type SearchIndex,
  type SearchQueryInput,
  type SearchResult,
} from './query.ts';
import { createSqlIndex } from './sql-index.ts';
import { loadSqlite, VERSION_SQL, versionKey } from './sqlite-source.ts';

// The search service. Plain SQL answers by default (a CLI process asks once and exits); a
// long-lived process calls warm() to keep a memory index of the drop list. Before every answer it
// compares the index's version with the database's (one tiny query), so a new import made by any
// process is seen at once: until the rebuilt index is ready, SQL answers.

const RETRY_AFTER_FAILURE_MS = 60_000;

export interface SearchState {
  backend: 'memory' | 'sql';
  rows?: number;
  version?: string;
  buildMs?: number;
}

export function createSearch(deps: { db: Db; clock: Clock; log?: Logger }) {
  const { db, clock, log } = deps;
  const sql = createSqlIndex(db);
  // The loader reads the SQLite file directly; PostgreSQL stays on SQL (see sql-index.ts).
  const canKeep = db.kind === 'sqlite' && sqlitePath(db.url) !== ':memory:';
  let keep = false;
  let memory: { version: string; index: MemoryIndex; buildMs: number } | undefined;
  let building: Promise<void> | undefined;
  let failedAt: number | undefined;

  const currentVersion = async () =>
    versionKey((await db.prisma.$queryRawUnsafe<{ s: unknown; n: unknown; id: unknown }[]>(VERSION_SQL))[0]);

  function rebuild(): Promise<void> {
    building ??= (async () => {
      const t0 = performance.now();
      try {
        const { version, columns } = await loadSqlite(sqlitePath(db.url));
        const index = await MemoryIndex.build(columns);
        memory = { version, index, buildMs: Math.round(performance.now() - t0) };
        failedAt = undefined;
        log?.info('search index built', { rows: index.rows, version, ms: memory.buildMs });
      } catch (e) {
        failedAt = clock.now().getTime();
        log?.error('search index build failed; plain SQL answers meanwhile', { error: e });
        throw e;
      }
    })().finally(() => {
      building = undefined;
    });
    return building;
  }

  async function backend(): Promise<SearchIndex> {
    if (!keep) return sql;
    const version = await currentVersion();
    if (memory?.version === version) return memory.index;
    const mayRetry = failedAt === undefined || clock.now().getTime() - failedAt >= RETRY_AFTER_FAILURE_MS;
    if (mayRetry) rebuild().catch(() => {}); // logged in rebuild; this query goes to SQL
    return sql;
  }

  /**
   * Rebuilds until the index matches the database's latest import (bounded: imports may keep
   * coming). Never throws: a failed build, or a database that does not answer, is logged, and SQL
   * answers until a later refresh or search builds it.
   */
  async function refresh(): Promise<void> {
    for (let i = 0; keep && i < 3; i++) {
      let version: string;
      try {
        version = await currentVersion();
      } catch (error) {
        log?.error('search index not refreshed: the database did not answer', { error });
        return;
      }
      if (memory?.version === version) return;
      if (
        !(await rebuild().then(
          () => true,
          () => false,
        ))
      )
        return;
    }
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
      keep = canKeep;
      await refresh();
    },

    /** Bring the memory index up to the latest import now (the importer calls this after an import). */
    refresh,

    /** Which backend answers now: the memory index only when it holds the latest import. */
    async state(): Promise<SearchState> {
      if (!keep || !memory || memory.version !== (await currentVersion())) return { backend: 'sql' };
      return { backend: 'memory', rows: memory.index.rows, version: memory.version, buildMs: memory.buildMs };
    },
  };
}

export type Search = ReturnType<typeof createSearch>;
