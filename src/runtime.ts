import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Core } from './core.ts';
import { type Db, openDb } from './db/client.ts';
import { migrationNames } from './db/migrate/folder.ts';
import type { Logger } from './log.ts';
import { discardMetrics, type Metrics } from './metrics.ts';

// Opening the core is the same for the service and for every CLI command: database (migrated),
// then the core's services on it.

export interface Runtime {
  core: Core;
  close(): Promise<void>;
}

/**
 * True when every migration of the folder is recorded as applied. One query through the client,
 * so a CLI command on an up-to-date database does not load the (WASM) schema engine at all.
 */
async function upToDate(db: Db): Promise<boolean> {
  try {
    const rows = await db.prisma.$queryRawUnsafe<Array<{ migration_name: string }>>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    const applied = new Set(rows.map((r) => r.migration_name));
    return migrationNames(db.kind).every((name) => applied.has(name));
  } catch {
    return false; // no migration table yet
  }
}

export async function openRuntime(opts: {
  config: Config;
  log: Logger;
  clock: Clock;
  /** the service's; a CLI command records none (no scraper reads a finished process) */
  metrics?: Metrics;
}): Promise<Runtime> {
  const { config, log, clock } = opts;
  // The database first: its client's query compiler (WebAssembly) compiles on another thread while
  // the core's modules load, instead of after them.
  let db = await openDb(config.DATABASE_URL);
  const [{ createCore }, { createRegistrar }] = await Promise.all([
    import('./core.ts'),
    import('./registrar/create-registrar.ts'),
  ]);
  if (!(await upToDate(db))) {
    // The engine opens its own connection; ours must not hold the SQLite file meanwhile.
    await db.close();
    // The schema engine (WebAssembly) and both databases' adapters load only when there is work.
    const { migrateDatabase } = await import('./db/migrate/apply.ts');
    const { applied } = await migrateDatabase(config.DATABASE_URL);
    if (applied.length) log.info('database migrated', { applied });
    db = await openDb(config.DATABASE_URL);
  }
  const registrar = createRegistrar({ config, clock, log });
  const core = createCore({ config, db, clock, log, metrics: opts.metrics ?? discardMetrics(), registrar });
  return {
    core,
    close: async () => {
      // A CNR session left open would count against the account until it times out.
      await registrar.close?.().catch((error) => log.warn('registrar session not closed', { error }));
      await core.search.stop();
      await db.close();
    },
  };
}
