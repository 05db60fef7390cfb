import { resolve } from 'node:path';
import type { PrismaClient } from '../generated/sqlite/client.ts';
import { insideTx } from './inside-tx.ts';

export type { PrismaClient };
export type DbKind = 'sqlite' | 'postgresql';

/** Both generated clients have the same model API; the SQLite one's type stands for both. */
export type Prisma = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

export interface Db {
  kind: DbKind;
  url: string;
  prisma: Prisma;
  /** Run fn in one transaction, retried when the database reports a write conflict. */
  tx<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export function dbKind(url: string): DbKind {
  return url.startsWith('file:') ? 'sqlite' : 'postgresql';
}

export function sqlitePath(url: string): string {
  const path = url.replace(/^file:/, '').replace(/\?.*$/, '');
  return path === ':memory:' ? path : resolve(path);
}

const RETRYABLE =
  /SQLITE_BUSY|database is locked|could not serialize|deadlock detected|P2034|write conflict/i;

/**
 * Runs `fn` again, up to five times in all with a growing pause, when the database reports a write
 * conflict: a deadlock's victim, a serialization failure or a busy SQLite file did nothing, and may
 * simply try again. For a transaction, or for one statement outside any.
 */
export async function retryConflicts<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (attempt >= 5 || !RETRYABLE.test(String((e as Error)?.message ?? e))) throw e;
      await new Promise((r) => setTimeout(r, 20 * 2 ** attempt + Math.random() * 20));
    }
  }
}

/**
 * Opens the database the URL names. Only that kind's client is loaded (SQLite: better-sqlite3;
 * PostgreSQL: node-postgres): loading both cost every SQLite command about 80 ms.
 */
export async function openDb(url: string): Promise<Db> {
  const kind = dbKind(url);
  const prisma =
    kind === 'sqlite'
      ? (await import('./sqlite.ts')).sqliteClient(url)
      : (await import('./postgresql.ts')).pgClient(url);
  return {
    kind,
    url,
    prisma,
    tx: (fn) =>
      retryConflicts(() =>
        insideTx.run(true, () => prisma.$transaction(fn, { timeout: 60_000, maxWait: 30_000 })),
      ),
    close: () => prisma.$disconnect(),
  };
}

/** SQLite stores DateTime as ISO text with an explicit offset; raw SQL must write the same. */
export function sqlDate(d: Date): string {
  return d.toISOString().replace('Z', '+00:00');
}
