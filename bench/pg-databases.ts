import { join } from 'node:path';
import type pg from 'pg';
import { type Db, openDb } from '../src/db/client.ts';
import { migrateDatabase, pgAdmin } from '../src/db/migrate.ts';
import { time } from './harness.ts';

// The PostgreSQL benchmark's databases: each section gets new ones on BENCH_PG_URL's server,
// dropped afterwards.

export const SERVER = process.env.BENCH_PG_URL;
export const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);

export const admin = <T>(fn: (c: pg.Client) => Promise<T>, url = SERVER!): Promise<T> => pgAdmin(url, fn);

/** A new database on the server, migrated unless told otherwise. */
export async function pgDatabase(
  name: string,
  opts: { migrate?: boolean } = {},
): Promise<{ url: string; drop(): Promise<void> }> {
  const db = `bench_${name}_${process.pid}`;
  await admin((c) => c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`));
  await admin((c) => c.query(`CREATE DATABASE ${db}`));
  const u = new URL(SERVER!);
  u.pathname = `/${db}`;
  const url = u.toString();
  if (opts.migrate !== false) await migrateDatabase(url);
  return {
    url,
    drop: async () => {
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`));
    },
  };
}

/** A new migrated PostgreSQL database and SQLite file, each with its client. */
export async function twoDatabases(
  dir: string,
  name: string,
): Promise<{ sqlite: Db; pg: Db; drop(): Promise<void> }> {
  const server = await pgDatabase(name);
  const sqliteUrl = `file:${join(dir, `${name}.db`)}`;
  await migrateDatabase(sqliteUrl);
  const sqlite = await openDb(sqliteUrl);
  const pgDb = await openDb(server.url);
  // a running service has its clients warm
  await sqlite.prisma.dropImport.count();
  await pgDb.prisma.dropImport.count();
  return {
    sqlite,
    pg: pgDb,
    drop: async () => {
      await sqlite.close();
      await pgDb.close();
      await server.drop();
    },
  };
}

export async function cpu<T>(fn: () => Promise<T>): Promise<{ ms: number; cpuMs: number; result: T }> {
  const c0 = process.cpuUsage();
  const { ms, result } = await time(fn);
  const c = process.cpuUsage(c0);
  return { ms, cpuMs: (c.user + c.system) / 1000, result };
}
