// The engine's adapter factory for SQLite (better-sqlite3).
import type { SqlDriverAdapter, SqlQuery } from '@prisma/driver-adapter-utils';
import { sqliteAdapter } from '../sqlite.ts';
import { type EngineFactory, tracked } from './adapter.ts';

const MULTI_STATEMENT = /;\s*\S/;

/**
 * Quirk 1: replaying a migration on the shadow database, the engine hands the whole multi-statement
 * script to executeRaw; better-sqlite3's prepare() runs one statement only. Route such parameterless
 * scripts to executeScript (exec), which runs them all.
 */
function sqliteScripts(a: SqlDriverAdapter): void {
  const executeRaw = a.executeRaw.bind(a);
  a.executeRaw = async (q: SqlQuery) => {
    if (q.args.length > 0 || !MULTI_STATEMENT.test(q.sql)) return executeRaw(q);
    await a.executeScript(q.sql);
    return 0;
  };
}

export function sqliteFactory(url: string): EngineFactory {
  const base = sqliteAdapter(url); // same pragmas and BEGIN IMMEDIATE as the app; shadow = :memory:
  return tracked(
    base,
    () => base.connect(),
    () => base.connectToShadowDb(),
    sqliteScripts,
  );
}
