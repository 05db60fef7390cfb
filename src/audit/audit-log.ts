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
  beforeId?: number;
}

export async function listLogs(db: Prisma, q: LogQuery) {
  return db.log.findMany({
    where: {
      ...(q.fqdn ? { fqdn: q.fqdn } : {}),
      ...(q.backorderId ? { backorderId: q.backorderId } : {}),
      ...(q.beforeId ? { id: { lt: q.beforeId } } : {}),
    },
    orderBy: { id: 'desc' },
    take: Math.min(Math.max(q.limit ?? 50, 1), 1000),
  });
}
