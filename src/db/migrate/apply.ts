// `prisma migrate deploy`: the pending migrations applied, one process at a time.
import { dbKind } from '../client.ts';
import { engineError, FILTERS, factoryFor, type MigrateOptions, withEngine } from './engine.ts';
import { readMigrations } from './folder.ts';
import { withSqliteLock } from './lock.ts';
import { migrationStatus } from './status.ts';

/** `prisma migrate deploy`: apply the pending migrations of the URL's provider, in order. */
export async function migrateDatabase(
  url: string,
  opts: MigrateOptions = {},
): Promise<{ applied: string[] }> {
  const kind = dbKind(url);
  const migrationsList = readMigrations(kind, opts.migrationsDir);
  return withSqliteLock(url, async () => {
    try {
      const out = await withEngine(kind, factoryFor(url), opts.log, (e) =>
        e.applyMigrations({ migrationsList, filters: FILTERS }),
      );
      for (const name of out.appliedMigrationNames) opts.log?.(`applied migration ${name}`);
      return { applied: out.appliedMigrationNames };
    } catch (e) {
      // The engine names the SQL error but not the migration: ask which one is now marked failed.
      const failed = await migrationStatus(url, opts).then(
        (s) => s.problems,
        () => undefined,
      );
      throw engineError('Migration', url, e, failed);
    }
  });
}
