import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import { type Core, createCore } from './core.ts';
import { createDb } from './db/client.ts';
import { migrateDatabase } from './db/migrate.ts';
import type { Logger } from './log.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { createRegistrar } from './registrar/create-registrar.ts';

// Opening the core is the same for the service and for every CLI command: database (migrated),
// then the core's services on it.

export interface Runtime {
  core: Core;
  close(): Promise<void>;
}

export async function openRuntime(opts: {
  config: Config;
  log: Logger;
  clock: Clock;
  metrics?: Metrics;
}): Promise<Runtime> {
  const { config, log, clock } = opts;
  const applied = await migrateDatabase(config.DATABASE_URL);
  if (applied.applied.length) log.info('database migrated', { applied: applied.applied });
  const db = createDb(config.DATABASE_URL);
  const registrar = createRegistrar({ config, clock, log });
  const core = createCore({ config, db, clock, log, metrics: opts.metrics ?? createMetrics(), registrar });
  return { core, close: () => db.close() };
}
