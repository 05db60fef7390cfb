import { DAY } from '../clock.ts';
import type { Db } from '../db/client.ts';
import { STATUSES } from '../domain/status.ts';
import { enqueue } from '../notify/outbox.ts';

// The reseller's numbers: catches and revenue over a period, backorders by status. Shared by the
// Slack `stats` command and the daily staff summary.

const CAUGHT = ['SUCCESSFUL', 'AUCTION-WON'];

export interface PeriodFigures {
  caught: number;
  /** paid invoices per currency, minor units */
  revenue: Array<{ amount: bigint; currency: string }>;
}

export async function figuresSince(db: Db, from: Date, to?: Date): Promise<PeriodFigures> {
  const range = { gte: from, ...(to ? { lt: to } : {}) };
  const [caught, revenue] = await Promise.all([
    db.prisma.backorder.count({ where: { status: { in: CAUGHT }, finishedAt: range } }),
    db.prisma.invoice.groupBy({
      by: ['currency'],
      where: { status: 'PAID', paidAt: range },
      _sum: { total: true },
    }),
  ]);
  return {
    caught,
    revenue: revenue
      .map((r) => ({ amount: r._sum.total ?? 0n, currency: r.currency }))
      .filter((r) => r.amount > 0n)
      .sort((a, b) => a.currency.localeCompare(b.currency)),
  };
}

export async function countByStatus(db: Db): Promise<Record<string, number>> {
  const rows = await db.prisma.backorder.groupBy({ by: ['status'], _count: { _all: true } });
  const out: Record<string, number> = {};
  for (const s of STATUSES) {
    const n = rows.find((r) => r.status === s)?._count._all ?? 0;
    if (n) out[s] = n;
  }
  return out;
}

/**
 * The 08:00 UTC staff summary of the previous UTC day, written to the outbox once per date (the
 * dedupe key), so a re-run or a second instance sends nothing more.
 */
export async function enqueueDailySummary(db: Db, now: Date): Promise<string> {
  const today = new Date(Math.floor(now.getTime() / DAY) * DAY);
  const yesterday = new Date(today.getTime() - DAY);
  const date = yesterday.toISOString().slice(0, 10);
  const [figures, byStatus, dropListTotal] = await Promise.all([
    figuresSince(db, yesterday, today),
    countByStatus(db),
    db.prisma.dropDomain.count({ where: { dropAt: { gt: now } } }),
  ]);
  const created = await enqueue(db.prisma, now, {
    kind: 'staff.daily-summary',
    audience: 'STAFF',
    payload: {
      date,
      byStatus,
      caught: figures.caught,
      revenue: figures.revenue.map((r) => ({ amount: r.amount.toString(), currency: r.currency })),
      dropListTotal,
    },
    dedupeKey: `daily-summary:${date}`,
  });
  return created ? `summary of ${date} queued` : `summary of ${date} already queued`;
}
