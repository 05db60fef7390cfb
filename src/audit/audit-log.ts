import type { Prisma, Tx } from '../db/client.ts';

// The audit log: one row for every state change and every job error, linked to the backorder, so
// staff can search it by domain and by backorder id (the original kept free text with no link).

export interface LogEntry {
  job: string;
  level?: 'ok' | 'error';
  message: string;
  backorderId?: number | null;
  fqdn?: string | null;
  actor?: string | null;
}

export async function writeLog(tx: Tx | Prisma, at: Date, entry: LogEntry): Promise<void> {
  await tx.log.create({
    data: {
      at,
      job: entry.job,
      level: entry.level ?? 'ok',
      message: entry.message.slice(0, 2000),
      backorderId: entry.backorderId ?? null,
      fqdn: entry.fqdn ?? null,
      actor: entry.actor ?? null,
    },
  });
}

export interface LogQuery {
  fqdn?: string;
  backorderId?: number;
  limit?: number;
  offset?: number;
  beforeId?: number;
}

const logWhere = (q: LogQuery) => ({
  ...(q.fqdn ? { fqdn: q.fqdn } : {}),
  ...(q.backorderId ? { backorderId: q.backorderId } : {}),
  ...(q.beforeId ? { id: { lt: q.beforeId } } : {}),
});

export async function listLogs(db: Prisma, q: LogQuery) {
  return db.log.findMany({
    where: logWhere(q),
    orderBy: { id: 'desc' },
    take: Math.min(Math.max(q.limit ?? 50, 1), 1000),
    skip: Math.max(q.offset ?? 0, 0),
  });
}

/** How many rows `listLogs` pages through for the same query. */
export const countLogs = (db: Prisma, q: LogQuery) => db.log.count({ where: logWhere(q) });
