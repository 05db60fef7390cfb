import { type Clock, DAY } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { SETTLED_STATUSES } from '../notify/notification-rows.ts';
import { deleteInBatches, PRUNE_BATCH, sqlInstant } from './batches.ts';

// What the hourly `prune` job deletes besides once-claims (src/once) and expired chat questions
// (src/chat-state), each by its own RETAIN_*_DAYS (README, "Retention"):
// - the outbox: events whose every notification was delivered, skipped or given up, with those
//   notifications. An event not yet expanded, or with a notification still to send, stays however
//   old: it is work, not history.
// - job runs and drop-list import records: finished ones; the newest run of each job (what `jobs`
//   shows) and the newest import and newest successful import (what digests, watch rules and the
//   staleness check read) stay whatever their age. An unfinished row stays: its runner holds the
//   job's lease, or died holding it.
// - the audit log: except the rows of a backorder still open or finished within the period (its
//   history screen), and any row about a name someone has an open backorder for (`logs NAME`).
// Nothing else grows per event without its own bound: the ledger, payments, backorders, holds,
// invoices, auctions, bids and owned domains are records of money and of what customers bought and
// are kept forever; customers, identities, watch rules, prices and zones are made by people; link
// codes are one per customer and link attempts are pruned as they are made (src/customers/linking.ts).

export type RetentionConfig = Pick<
  Config,
  'RETAIN_OUTBOX_DAYS' | 'RETAIN_JOB_RUNS_DAYS' | 'RETAIN_AUDIT_DAYS'
>;

export interface RetentionDeps {
  db: Db;
  clock: Clock;
  config: RetentionConfig;
  /** rows per statement or transaction (PRUNE_BATCH) */
  batch?: number;
}

export function retentionService({ db, clock, config, batch = PRUNE_BATCH }: RetentionDeps) {
  const cutoff = (now: Date, days: number) => new Date(now.getTime() - days * DAY);

  return {
    /** Settled outbox events older than RETAIN_OUTBOX_DAYS, and their notifications. */
    async outbox(now: Date = clock.now()): Promise<{ outbox: number; notifications: number }> {
      const before = cutoff(now, config.RETAIN_OUTBOX_DAYS);
      let notifications = 0;
      const outbox = await deleteInBatches(batch, async (limit) => {
        // one transaction per batch: a notification never outlives its event, nor the other way round
        const done = await db.tx(async (tx) => {
          const settled = await tx.outbox.findMany({
            where: {
              createdAt: { lt: before },
              // expanded: it has all the notifications it will ever have
              expandedAt: { not: null },
              // `every` also holds for an event that had nobody to notify
              notifications: { every: { status: { in: [...SETTLED_STATUSES] } } },
            },
            select: { id: true },
            take: limit,
          });
          if (settled.length === 0) return { outbox: 0, notifications: 0 };
          const ids = settled.map((r) => r.id);
          const n = await tx.notification.deleteMany({ where: { outboxId: { in: ids } } });
          const o = await tx.outbox.deleteMany({ where: { id: { in: ids } } });
          return { outbox: o.count, notifications: n.count };
        });
        notifications += done.notifications;
        return done.outbox;
      });
      return { outbox, notifications };
    },

    /** Finished job runs and drop-list imports older than RETAIN_JOB_RUNS_DAYS, but the newest. */
    async jobRuns(now: Date = clock.now()): Promise<{ jobRuns: number; dropImports: number }> {
      const before = cutoff(now, config.RETAIN_JOB_RUNS_DAYS);
      const newest = await db.prisma.jobRun.groupBy({ by: ['job'], _max: { id: true } });
      const keepRuns = newest.flatMap((g) => (g._max.id === null ? [] : [g._max.id]));
      const jobRuns = await deleteInBatches(batch, async (limit) => {
        const old = await db.prisma.jobRun.findMany({
          where: { startedAt: { lt: before }, finishedAt: { not: null }, id: { notIn: keepRuns } },
          select: { id: true },
          take: limit,
        });
        if (old.length === 0) return 0;
        return (await db.prisma.jobRun.deleteMany({ where: { id: { in: old.map((r) => r.id) } } })).count;
      });

      const [last, lastOk] = await Promise.all([
        db.prisma.dropImport.findFirst({ orderBy: { id: 'desc' }, select: { id: true } }),
        db.prisma.dropImport.findFirst({
          where: { ok: true },
          orderBy: { id: 'desc' },
          select: { id: true },
        }),
      ]);
      const keepImports = [last?.id, lastOk?.id].filter((id): id is number => id !== undefined);
      const dropImports = await deleteInBatches(batch, async (limit) => {
        const old = await db.prisma.dropImport.findMany({
          where: { startedAt: { lt: before }, finishedAt: { not: null }, id: { notIn: keepImports } },
          select: { id: true },
          take: limit,
        });
        if (old.length === 0) return 0;
        return (await db.prisma.dropImport.deleteMany({ where: { id: { in: old.map((r) => r.id) } } })).count;
      });
      return { jobRuns, dropImports };
    },

    /**
     * Audit log rows older than RETAIN_AUDIT_DAYS, except those of a backorder that is open or
     * finished less than that long ago, and those about a name with an open backorder.
     */
    async audit(now: Date = clock.now()): Promise<number> {
      const before = sqlInstant(db, cutoff(now, config.RETAIN_AUDIT_DAYS));
      // One statement per batch (SQLite and PostgreSQL alike): the rows are chosen and deleted together.
      return deleteInBatches(
        batch,
        (limit) =>
          db.prisma.$executeRaw`
          DELETE FROM "Log" WHERE "id" IN (
            SELECT l."id" FROM "Log" l
            LEFT JOIN "Backorder" b ON b."id" = l."backorderId"
            WHERE l."at" < ${before}
              AND (l."backorderId" IS NULL OR b."finishedAt" < ${before})
              AND (l."fqdn" IS NULL OR NOT EXISTS (
                SELECT 1 FROM "Backorder" o WHERE o."fqdn" = l."fqdn" AND o."finishedAt" IS NULL))
            LIMIT ${limit})`,
      );
    },
  };
}

export type RetentionService = ReturnType<typeof retentionService>;
