/**
 * Prisma migrations without Prisma's CLI. The CLI's `migrate`/`db` commands need a native schema engine
 * that cannot be downloaded on our offline machines, so we drive the WASM build of the same engine
 * (`@prisma/schema-engine-wasm`, pinned to the prisma version in package.json) through our driver
 * adapters. Folder layout (`<dir>/<timestamp>_<name>/migration.sql`, `migration_lock.toml`) and the
 * `_prisma_migrations` table are Prisma's own, so `prisma migrate deploy` would accept the same state.
 * This is not a supported Prisma interface: test/db/migrate.test.ts covers it; upgrade engine and
 * prisma together.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
} from '@prisma/driver-adapter-utils';
import type { MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm';
import { PROJECT_ROOT } from '../paths.ts';
import { type DbKind, dbKind, pgAdapter, sqliteAdapter, sqlitePath } from './client.ts';

/** Project root, so paths do not depend on the cwd of whoever calls us. */
export const ROOT = PROJECT_ROOT;
export const SCHEMA_FILE: Record<DbKind, string> = {
  sqlite: join(ROOT, 'prisma/schema.prisma'),
  postgresql: join(ROOT, 'prisma/postgres/schema.prisma'),
};
export const MIGRATIONS_DIR: Record<DbKind, string> = {
  sqlite: join(ROOT, 'prisma/migrations'),
  postgresql: join(ROOT, 'prisma/postgres/migrations'),
};

export interface MigrateOptions {
  /** Receives the engine's log lines (JSON text). */
  log?: (msg: string) => void;
  /** Defaults to MIGRATIONS_DIR of the URL's provider (tests point it at a copy). */
  migrationsDir?: string;
}

export interface MigrationStatus {
  pending: string[];
  applied: string[];
  /** Failed, edited or unknown migrations: anything `migrate deploy` would not fix by itself. */
  problems?: string;
}

const FILTERS = { externalTables: [], externalEnums: [] };

// ---------------------------------------------------------------------------------------------------
// Engine loading: lazy (5 MB of WASM, only when migrating) and once per process.

type Glue = typeof import('@prisma/schema-engine-wasm/schema_engine_bg');
interface WasmApi {
  instantiate(
    bytes: Uint8Array,
    imports: object,
  ): Promise<{ instance: { exports: Record<string, unknown> } }>;
}
let glue: Promise<Glue> | undefined;
let lastPanic = '';
const engineTimers = new Set<NodeJS.Timeout>();
let activeEngines = 0;

function loadEngine(): Promise<Glue> {
  glue ??= (async () => {
    // The package's entry imports the .wasm file bundler-style, which Node cannot do: instantiate it
    // ourselves with the wasm-bindgen glue module as the import object.
    const mod = await import('@prisma/schema-engine-wasm/schema_engine_bg');
    const wasmPath = join(
      dirname(createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm/schema_engine_bg')),
      'schema_engine_bg.wasm',
    );
    // The glue reports Rust panics through this global; without it a panic becomes a TypeError.
    const g = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(m: string): void } };
    g.PRISMA_WASM_PANIC_REGISTRY ??= {
      set_message: (m) => {
        lastPanic = m;
      },
    };
    // The engine races its PostgreSQL advisory lock against a 10 s timer it never cancels, which keeps
    // a CLI process alive for 10 s after migrating: remember its timers, cleared once it is idle.
    const imports: Record<string, unknown> = { ...mod };
    for (const key of Object.keys(mod).filter((k) => k.startsWith('__wbg_setTimeout_'))) {
      imports[key] = (fn: () => void, ms: number) => {
        const t = setTimeout(() => {
          engineTimers.delete(t);
          fn();
        }, ms >>> 0);
        engineTimers.add(t);
        return t;
      };
    }
    // Our lib setting has no DOM types, hence no WebAssembly value type: describe the one call we make.
    const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    const { instance } = await wasm.instantiate(await readFile(wasmPath), {
      './schema_engine_bg.js': imports,
    });
    mod.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return mod;
  })();
  glue.catch(() => {
    glue = undefined; // let the next call retry
  });
  return glue;
}

// ---------------------------------------------------------------------------------------------------
// Adapter factories for the engine, with the quirks of the 7.10 adapters worked around.

interface EngineFactory extends SqlMigrationAwareDriverAdapterFactory {
  /** Dispose every connection the engine opened and did not dispose itself. */
  close(): Promise<void>;
}

/** Wraps connect/connectToShadowDb so each adapter gets `fix` applied and is closed exactly once. */
function tracked(
  base: Pick<SqlMigrationAwareDriverAdapterFactory, 'provider' | 'adapterName'>,
  connect: () => Promise<SqlDriverAdapter>,
  connectToShadowDb: () => Promise<SqlDriverAdapter>,
  fix: (a: SqlDriverAdapter) => void,
): EngineFactory {
  const open = new Set<SqlDriverAdapter>();
  const track = async (make: () => Promise<SqlDriverAdapter>) => {
    const a = await make();
    fix(a);
    const dispose = a.dispose.bind(a);
    let done: Promise<void> | undefined;
    a.dispose = () => {
      open.delete(a);
      done ??= dispose();
      return done;
    };
    open.add(a);
    return a;
  };
  return {
    provider: base.provider,
    adapterName: base.adapterName,
    connect: () => track(connect),
    connectToShadowDb: () => track(connectToShadowDb),
    close: async () => {
      await Promise.allSettled([...open].map((a) => a.dispose()));
    },
  };
}

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

function sqliteFactory(url: string): EngineFactory {
  const base = sqliteAdapter(url); // same pragmas and BEGIN IMMEDIATE as the app; shadow = :memory:
  return tracked(
    base,
    () => base.connect(),
    () => base.connectToShadowDb(),
    sqliteScripts,
  );
}

interface PgIO {
  performIO(q: SqlQuery): Promise<{ fields: { dataTypeID: number }[] }>;
  startTransaction(...args: unknown[]): Promise<unknown>;
}

/**
 * Quirk 2: the engine's introspection selects catalog columns of type "char" (oid 18) and name (19),
 * which adapter-pg refuses to decode. pg already returns them as strings: call them text (25).
 */
function pgCatalogTypes(a: SqlDriverAdapter): void {
  const patch = (q: PgIO) => {
    const io = q.performIO.bind(q);
    q.performIO = async (query) => {
      const result = await io(query);
      for (const f of result.fields) if (f.dataTypeID === 18 || f.dataTypeID === 19) f.dataTypeID = 25;
      return result;
    };
  };
  const io = a as unknown as PgIO;
  patch(io);
  const start = io.startTransaction.bind(io);
  io.startTransaction = async (...args) => {
    const tx = await start(...args);
    patch(tx as PgIO);
    return tx;
  };
}

export async function pgAdmin<T>(url: string, fn: (c: import('pg').Client) => Promise<T>): Promise<T> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Quirk 3: adapter-pg's own shadow database drops the database before closing its pool, and with a
 * connection string it connects to the main database instead. Create a uniquely named database on
 * the same server ourselves and drop it when the engine disposes the connection.
 */
async function pgShadow(serverUrl: string): Promise<SqlDriverAdapter> {
  const name = `prisma_shadow_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  await pgAdmin(serverUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const a = await pgAdapter(url.toString()).connect();
  const dispose = a.dispose.bind(a);
  a.dispose = async () => {
    await dispose();
    await pgAdmin(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  };
  return a;
}

function pgFactory(url: string): EngineFactory {
  const base = pgAdapter(url);
  return tracked(
    base,
    () => base.connect(),
    () => pgShadow(url),
    pgCatalogTypes,
  );
}

function factoryFor(url: string): EngineFactory {
  return dbKind(url) === 'sqlite' ? sqliteFactory(url) : pgFactory(url);
}

// ---------------------------------------------------------------------------------------------------

/** migration_lock.toml exactly as Prisma's CLI writes it. */
export function lockfileContent(kind: DbKind): string {
  return `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${kind}"\n`;
}

/**
 * The migrations folder as the engine wants it (what Prisma's CLI reads from disk). A missing lock file
 * is taken to say the expected provider: the engine refuses to diff without one, even from nothing.
 */
function readMigrations(dir: string, kind: DbKind): MigrationList {
  const read = (path: string) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return null;
    }
  };
  let names: string[] = [];
  try {
    names = readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort((a, b) => a.localeCompare(b));
  } catch {
    // no folder yet: no migrations
  }
  return {
    baseDir: dir,
    lockfile: {
      path: 'migration_lock.toml',
      content: read(join(dir, 'migration_lock.toml')) ?? lockfileContent(kind),
    },
    shadowDbInitScript: '',
    migrationDirectories: names.map((name) => {
      const content = read(join(dir, name, 'migration.sql'));
      return {
        path: name,
        migrationFile: {
          path: 'migration.sql',
          content:
            content === null
              ? { tag: 'error', value: 'migration.sql missing' }
              : { tag: 'ok', value: content },
        },
      };
    }),
  };
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}

/** Engine errors arrive as Errors, strings or objects; give them one readable message. */
function engineError(what: string, url: string, e: unknown, note?: string): Error {
  let msg = e instanceof Error ? e.message : typeof e === 'string' ? e : JSON.stringify(e);
  if (lastPanic) msg += ` (engine panic: ${lastPanic})`;
  if (note) msg += ` [${note}]`;
  lastPanic = '';
  return new Error(`${what} failed for ${redact(url)}: ${msg}`, { cause: e });
}

async function withEngine<T>(
  kind: DbKind,
  factory: EngineFactory,
  log: ((msg: string) => void) | undefined,
  fn: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  activeEngines++;
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
    if (--activeEngines === 0) {
      for (const t of engineTimers) clearTimeout(t);
      engineTimers.clear();
    }
  }
}

/**
 * The engine does not lock SQLite (it takes an advisory lock on PostgreSQL), so two processes starting
 * at once would both apply the same migration. Serialize them with an exclusive SQLite lock on a
 * sibling file: the OS drops it if the holder dies, so it cannot go stale.
 */
async function withSqliteLock<T>(url: string, fn: () => Promise<T>): Promise<T> {
  if (dbKind(url) !== 'sqlite') return fn();
  const path = sqlitePath(url);
  if (path === ':memory:') return fn();
  mkdirSync(dirname(path), { recursive: true });
  const { default: Database } = await import('better-sqlite3');
  const lock = new Database(`${path}.migrate-lock`, { timeout: 0 });
  try {
    for (const deadline = Date.now() + 120_000; ; ) {
      try {
        lock.exec('BEGIN EXCLUSIVE');
        break;
      } catch (e) {
        if ((e as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw e;
        await new Promise((r) => setTimeout(r, 50)); // poll: a busy timeout would block the event loop
      }
    }
    return await fn();
  } finally {
    lock.close();
  }
}

/** Names of the migrations in the folder of a provider, in order. */
export function migrationNames(kind: DbKind, dir = MIGRATIONS_DIR[kind]): string[] {
  return readMigrations(dir, kind).migrationDirectories.map((d) => d.path);
}

/** `prisma migrate deploy`: apply the pending migrations of the URL's provider, in order. */
export async function migrateDatabase(
  url: string,
  opts: MigrateOptions = {},
): Promise<{ applied: string[] }> {
  const kind = dbKind(url);
  const migrationsList = readMigrations(opts.migrationsDir ?? MIGRATIONS_DIR[kind], kind);
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

/** `prisma migrate status`: what is pending, what is applied, and what needs a human. */
export async function migrationStatus(url: string, opts: MigrateOptions = {}): Promise<MigrationStatus> {
  const kind = dbKind(url);
  const migrationsList = readMigrations(opts.migrationsDir ?? MIGRATIONS_DIR[kind], kind);
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
        from: { tag: 'migrations', ...readMigrations(opts.migrationsDir ?? MIGRATIONS_DIR[kind], kind) },
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
