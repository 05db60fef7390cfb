// One schema engine session over our adapters, and its errors turned into readable ones.
import { readFileSync } from 'node:fs';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import { type DbKind, dbKind } from '../client.ts';
import type { EngineFactory } from './adapter.ts';
import { SCHEMA_FILE } from './folder.ts';
import { pgFactory } from './postgres.ts';
import { sqliteFactory } from './sqlite.ts';
import { loadEngine, takePanic, whileEngineRuns } from './wasm.ts';

export interface MigrateOptions {
  /** Receives the engine's log lines (JSON text). */
  log?: (msg: string) => void;
  /** Defaults to MIGRATIONS_DIR of the URL's provider (tests point it at a copy). */
  migrationsDir?: string;
}

export const FILTERS = { externalTables: [], externalEnums: [] };

export function factoryFor(url: string): EngineFactory {
  return dbKind(url) === 'sqlite' ? sqliteFactory(url) : pgFactory(url);
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}

/** Engine errors arrive as Errors, strings or objects; give them one readable message. */
export function engineError(what: string, url: string, e: unknown, note?: string): Error {
  let msg = e instanceof Error ? e.message : typeof e === 'string' ? e : JSON.stringify(e);
  const panic = takePanic();
  if (panic) msg += ` (engine panic: ${panic})`;
  if (note) msg += ` [${note}]`;
  return new Error(`${what} failed for ${redact(url)}: ${msg}`, { cause: e });
}

export function withEngine<T>(
  kind: DbKind,
  factory: EngineFactory,
  log: ((msg: string) => void) | undefined,
  fn: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  return whileEngineRuns(async () => {
    try {
      const { SchemaEngine } = await loadEngine();
      const schema = SCHEMA_FILE[kind];
      const bound = bindMigrationAwareSqlAdapterFactory(factory);
      const engine = await SchemaEngine.new(
        { datamodels: [[schema, readFileSync(schema, 'utf8')]] },
        (msg: string) => log?.(msg.trim()),
        bound,
      );
      try {
        return await fn(engine);
      } catch (e) {
        // Errors thrown in our JS adapters reach us as "External error id#N": put the real message back.
        if (e instanceof Error) {
          e.message = e.message.replace(/External error id#(\d+)/g, (all, id) => {
            const inner = bound.errorRegistry.consumeError(Number(id))?.error;
            return inner instanceof Error ? inner.message : all;
          });
        }
        throw e;
      } finally {
        engine.free();
      }
    } finally {
      await factory.close();
    }
  });
}
