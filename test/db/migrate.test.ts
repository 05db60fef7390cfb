// Migrations run through Prisma's WASM schema engine, which is not a supported Prisma interface:
// these tests are what tells us an engine/prisma upgrade or a schema edit broke them.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffMigration, MIGRATIONS_DIR, migrateDatabase, migrationStatus } from '../../src/db/migrate.ts';

const tmp = mkdtempSync(join(tmpdir(), 'migrate-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const names = (dir: string) =>
  readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();

/** A few tables every migration history must have produced. */
const TABLES = ['Customer', 'Backorder', 'LedgerEntry', 'Notification', '_prisma_migrations'];

describe('SQLite migrations', () => {
  const all = names(MIGRATIONS_DIR.sqlite);

  it('has migrations', () => {
    expect(all.length).toBeGreaterThan(0);
  });

  it('deploys to a fresh file, then has nothing left to do', async () => {
    const path = join(tmp, 'fresh', 'app.db'); // the folder does not exist yet either
    const url = `file:${path}`;
    expect(await migrationStatus(url)).toEqual({ pending: all, applied: [] });

    expect(await migrateDatabase(url)).toEqual({ applied: all });
    expect(await migrationStatus(url)).toEqual({ pending: [], applied: all });

    const db = new Database(path, { readonly: true });
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    db.close();
    expect(tables).toEqual(expect.arrayContaining(TABLES));

    expect(await migrateDatabase(url)).toEqual({ applied: [] });
  });

  it('applies each migration once when two callers race on one file', async () => {
    const url = `file:${join(tmp, 'race.db')}`;
    const results = await Promise.all([migrateDatabase(url), migrateDatabase(url)]);
    expect(results.flatMap((r) => r.applied).sort()).toEqual(all);
    expect(await migrationStatus(url)).toEqual({ pending: [], applied: all });
  });

  it('has a migration for every change to prisma/schema.prisma (else run `npm run db:diff -- <name>`)', async () => {
    expect(await diffMigration('sqlite')).toBeNull();
  });

  it('diffs a schema change into SQL (here: from an empty history)', async () => {
    const empty = join(tmp, 'no-migrations');
    mkdirSync(empty);
    expect(await diffMigration('sqlite', { migrationsDir: empty })).toMatch(/CREATE TABLE "Customer"/);
  });

  it('rejects with a clear error when a migration fails, and reports it as failed', async () => {
    const dir = join(tmp, 'broken-migrations');
    cpSync(MIGRATIONS_DIR.sqlite, dir, { recursive: true });
    mkdirSync(join(dir, '29991231235959_broken'));
    writeFileSync(
      join(dir, '29991231235959_broken', 'migration.sql'),
      'CREATE TABLE "Fine" ("id" INTEGER);\nINSERT INTO "no_such_table" VALUES (1);\n',
    );
    const url = `file:${join(tmp, 'broken.db')}`;

    await expect(migrateDatabase(url, { migrationsDir: dir })).rejects.toThrow(
      /Migration failed for file:.*no_such_table.*29991231235959_broken/s,
    );
    const status = await migrationStatus(url, { migrationsDir: dir });
    expect(status.applied).toEqual(all);
    expect(status.problems).toMatch(/failed: 29991231235959_broken/);
    // A failed migration blocks later deploys until someone resolves it.
    await expect(migrateDatabase(url, { migrationsDir: dir })).rejects.toThrow(/failed migrations/);
  });
});

const pgUrl = process.env.TEST_DATABASE_URL?.startsWith('postgresql://')
  ? process.env.TEST_DATABASE_URL
  : undefined;

describe.skipIf(!pgUrl)('PostgreSQL migrations (TEST_DATABASE_URL)', () => {
  const all = names(MIGRATIONS_DIR.postgresql);
  const dbName = `migrate_test_${process.pid}_${Date.now()}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  let url = '';

  beforeAll(async () => {
    await admin(`CREATE DATABASE "${dbName}"`);
    const u = new URL(pgUrl as string);
    u.pathname = `/${dbName}`;
    url = u.toString();
  });
  afterAll(() => admin(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`));

  it('deploys to a fresh database, then has nothing left to do', async () => {
    expect(await migrationStatus(url)).toEqual({ pending: all, applied: [] });
    expect(await migrateDatabase(url)).toEqual({ applied: all });
    expect(await migrationStatus(url)).toEqual({ pending: [], applied: all });

    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const { rows } = await c.query(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
    );
    await c.end();
    expect(rows.map((r) => r.table_name)).toEqual(expect.arrayContaining(TABLES));

    expect(await migrateDatabase(url)).toEqual({ applied: [] });
  });

  it('has a migration for every change to the schema', async () => {
    expect(await diffMigration('postgresql', { shadowUrl: pgUrl })).toBeNull();
  });
});
