import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/postgresql/client.ts';
import type { Prisma } from './client.ts';

// The scale path: the PostgreSQL client and its adapter (and node-postgres), loaded only by a process
// that opens a PostgreSQL database.

export function pgAdapter(url: string): PrismaPg {
  return new PrismaPg({ connectionString: url, max: 10 });
}

export function pgClient(url: string): Prisma {
  // Both generated clients have the same model API; the SQLite one's type stands for both.
  return new PrismaClient({ adapter: pgAdapter(url) }) as unknown as Prisma;
}
