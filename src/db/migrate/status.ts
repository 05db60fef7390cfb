// `prisma migrate status`: the migrations folder compared with the database's `_prisma_migrations`.
import { existsSync } from 'node:fs';
import { dbKind, sqlitePath } from '../client.ts';
import { engineError, FILTERS, factoryFor, type MigrateOptions, withEngine } from './engine.ts';
import { readMigrations } from './folder.ts';

export interface MigrationStatus {
  pending: string[];
  applied: string[];
  /** Failed, edited or unknown migrations: anything `migrate deploy` would not fix by itself. */
  problems?: string;
}

/** `prisma migrate status`: what is pending, what is applied, and what needs a human. */
export async function migrationStatus(url: string, opts: MigrateOptions = {}): Promise<MigrationStatus> {
  const kind = dbKind(url);
  const migrationsList = readMigrations(kind, opts.migrationsDir);
  const all = migrationsList.migrationDirectories.map((d) => d.path);
  // Asking must not create the database file (opening it would).
  if (kind === 'sqlite' && sqlitePath(url) !== ':memory:' && !existsSync(sqlitePath(url))) {
    return { pending: all, applied: [] };
  }
  const factory = factoryFor(url);
  try {
    return await withEngine(kind, factory, opts.log, async (engine) => {
      const conn = await factory.connect();
      const rows = async (sql: string) => (await conn.queryRaw({ sql, args: [], argTypes: [] })).rows;
      // Through an adapter the engine fails on a database without its table (P1014) instead of
      // reporting everything pending, so look first.
      const hasTable = await rows(
        kind === 'sqlite'
          ? "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'"
          : "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = '_prisma_migrations'",
      );
      if (hasTable.length === 0) return { pending: all, applied: [] };
      const d = await engine.diagnoseMigrationHistory({
        migrationsList,
        optInToShadowDatabase: false,
        filters: FILTERS,
      });
      // The engine does not list applied migrations: read them from its table.
      const applied = (
        await rows(
          'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name',
        )
      ).map((r) => String(r[0]));
      const h = d.history;
      const pending = h && h.diagnostic !== 'migrationsDirectoryIsBehind' ? h.unappliedMigrationNames : [];
      const problems = [
        d.failedMigrationNames.length ? `failed: ${d.failedMigrationNames.join(', ')}` : '',
        d.editedMigrationNames.length
          ? `edited after being applied: ${d.editedMigrationNames.join(', ')}`
          : '',
        h && h.diagnostic !== 'databaseIsBehind'
          ? `applied but missing from ${migrationsList.baseDir}: ${h.unpersistedMigrationNames.join(', ')}`
          : '',
      ].filter(Boolean);
      return problems.length ? { pending, applied, problems: problems.join('; ') } : { pending, applied };
    });
  } catch (e) {
    throw engineError('Migration status', url, e);
  }
}
