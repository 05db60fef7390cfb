import { z } from 'zod';
import type { Prisma } from '../db/client.ts';
import { displayName } from '../domain/domain-name.ts';
import { kindOf } from '../domain/kind.ts';
import { STATUSES } from '../domain/status.ts';
import { InvalidInput, NotFound } from '../errors.ts';

// Reading backorders for customers (their own only) and staff: a page with counts per status, one
// backorder, and its history from the audit log.

export const listQuery = z.object({
  customerId: z.number().int().positive().optional(),
  status: z.enum(STATUSES).optional(),
  /** part of the name */
  text: z.string().trim().toLowerCase().max(253).optional(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
});
export type ListQuery = z.input<typeof listQuery>;

const withHold = { hold: { select: { amount: true, status: true } } } as const;
type Row = NonNullable<Awaited<ReturnType<typeof findRow>>>;

const findRow = (db: Prisma, id: number) => db.backorder.findUnique({ where: { id }, include: withHold });

function view(r: Row) {
  return {
    id: r.id,
    customerId: r.customerId,
    fqdn: r.fqdn,
    display: displayName(r.fqdn),
    status: r.status,
    /** Backorder Lite or regular */
    kind: kindOf(r),
    dropAt: r.dropAt,
    /** the last moment to place or cancel; null while the drop time is unknown */
    finalizesAt: r.finalizesAt,
    currency: r.currency,
    /** what is (or will be) charged: the hold's price snapshot once taken, the price at placing before */
    price: r.hold?.amount ?? r.price,
    held: r.hold?.status === 'HELD' ? r.hold.amount : 0n,
    registrarRef: r.registrarRef,
    upstreamStatus: r.upstreamStatus,
    lastError: r.lastError,
    auctionId: r.auctionId,
    invoiceId: r.invoiceId,
    createdAt: r.createdAt,
    finishedAt: r.finishedAt,
  };
}
export type BackorderView = ReturnType<typeof view>;

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const r = schema.safeParse(input);
  if (!r.success)
    throw new InvalidInput(
      r.error.issues.map((i) => `${i.path.join('.') || 'query'} ${i.message}`).join('; '),
    );
  return r.data;
}

export async function listBackorders(db: Prisma, input: ListQuery) {
  const q = parse(listQuery, input);
  const scope = {
    ...(q.customerId ? { customerId: q.customerId } : {}),
    ...(q.text ? { fqdn: { contains: q.text } } : {}),
  };
  const [rows, byStatus] = await Promise.all([
    db.backorder.findMany({
      where: { ...scope, ...(q.status ? { status: q.status } : {}) },
      include: withHold,
      orderBy: { id: 'desc' },
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
    }),
    db.backorder.groupBy({ by: ['status'], where: scope, _count: { _all: true } }),
  ]);
  const counts: Record<string, number> = {};
  for (const s of byStatus) counts[s.status] = s._count._all;
  // The page's total is one of the counts (or their sum): no count query of its own.
  const total = q.status ? (counts[q.status] ?? 0) : Object.values(counts).reduce((a, b) => a + b, 0);
  return { items: rows.map(view), total, page: q.page, pageSize: q.pageSize, counts };
}

export async function getBackorder(
  db: Prisma,
  id: number,
  opts: { customerId?: number } = {},
): Promise<BackorderView> {
  const r = await findRow(db, id);
  if (!r || (opts.customerId !== undefined && r.customerId !== opts.customerId))
    throw new NotFound('backorder', id);
  return view(r);
}

export async function backorderHistory(db: Prisma, id: number, opts: { customerId?: number } = {}) {
  await getBackorder(db, id, opts);
  return db.log.findMany({ where: { backorderId: id }, orderBy: { id: 'asc' }, take: 1000 });
}
