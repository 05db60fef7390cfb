// `prisma migrate diff`: the SQL for a new migration, from the migrations folder to the schema file.
import { readFileSync } from 'node:fs';
import type { DbKind } from '../client.ts';
import { engineError, FILTERS, factoryFor, withEngine } from './engine.ts';
import { readMigrations, SCHEMA_FILE } from './folder.ts';

/**
 * SQL that takes a database from the end of the migrations folder to the current schema file, or null
 * when they agree. The engine replays the migrations on a shadow database: `:memory:` for SQLite; for
 * PostgreSQL `shadowUrl` must reach a server where we may CREATE DATABASE (a temporary one is made).
 */
export async function diffMigration(
  kind: DbKind,
  opts: { shadowUrl?: string; migrationsDir?: string; log?: (msg: string) => void } = {},
): Promise<string | null> {
  const url = kind === 'sqlite' ? 'file::memory:' : opts.shadowUrl;
  if (!url)
    throw new Error(
      'diffMigration(postgresql) needs opts.shadowUrl (a server where we may create a database)',
    );
  const schema = SCHEMA_FILE[kind];
  try {
    const out = await withEngine(kind, factoryFor(url), opts.log, (engine) =>
      engine.diff({
        from: { tag: 'migrations', ...readMigrations(kind, opts.migrationsDir) },
        to: { tag: 'schemaDatamodel', files: [{ path: schema, content: readFileSync(schema, 'utf8') }] },
        script: true,
        exitCode: true, // 0 = no difference, 2 = there is one
        filters: FILTERS,
      }),
    );
    return out.exitCode === 0 ? null : (out.stdout ?? '');
  } catch (e) {
    throw engineError('Migration diff', url, e);
  }
}
