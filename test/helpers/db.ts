import { afterAll } from 'vitest';
import { type Db, openDb } from '../../src/db/client.ts';
import { migrateDatabase } from '../../src/db/migrate.ts';
import { freshDatabaseUrl } from './database-url.ts';

export { freshDatabaseUrl };

/**
 * A fresh, migrated database for one test file: a new SQLite file by default, or a new PostgreSQL
 * database on the server of TEST_DATABASE_URL (CI runs the suite once on each). Closed and removed
 * after the file's tests.
 */
export async function freshDb(): Promise<Db> {
  const { url, drop } = await freshDatabaseUrl();
  await migrateDatabase(url);
  const db = await openDb(url);
  afterAll(async () => {
    await db.close();
    await drop();
  });
  return db;
}
