import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll } from 'vitest';
import { createDb, type Db } from '../../src/db/client.ts';
import { migrateDatabase } from '../../src/db/migrate.ts';

/**
 * A fresh, migrated database for one test file: a new SQLite file by default, or a new PostgreSQL
 * database on the server of TEST_DATABASE_URL (CI runs the suite once on each). Closed and removed
 * after the file's tests.
 */
export async function freshDb(): Promise<Db> {
  const { url, drop } = await freshDatabaseUrl();
  await migrateDatabase(url);
  const db = createDb(url);
  afterAll(async () => {
    await db.close();
    await drop();
  });
  return db;
}

/** A new empty database URL (not migrated) and a function that removes it. */
export async function freshDatabaseUrl(): Promise<{ url: string; drop: () => Promise<void> }> {
  const server = process.env.TEST_DATABASE_URL;
  if (server?.startsWith('postgres')) {
    const name = `t_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 7)}`;
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(server);
    u.pathname = `/${name}`;
    return {
      url: u.toString(),
      drop: async () => {
        const c = new pg.Client({ connectionString: server });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'backorder-test-'));
  return {
    url: `file:${join(dir, 'test.db')}`,
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}
