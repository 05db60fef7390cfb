// The engine's adapter factory for PostgreSQL (adapter-pg), with its shadow database.
import type { SqlDriverAdapter, SqlQuery } from '@prisma/driver-adapter-utils';
import { pgAdapter } from '../postgresql.ts';
import { type EngineFactory, tracked } from './adapter.ts';

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

export function pgFactory(url: string): EngineFactory {
  const base = pgAdapter(url);
  return tracked(
    base,
    () => base.connect(),
    () => pgShadow(url),
    pgCatalogTypes,
  );
}
