import { type Db, sqlDate, type Tx } from '../db/client.ts';
import { Prisma } from '../generated/sqlite/client.ts';
import { type EventKind, UNMUTABLE_EVENTS } from './events.ts';
import { isEventKind } from './payloads.ts';
import type { Route } from './routes.ts';

// Outbox event → one Notification row per recipient and channel. The row's dedupe key
// (outboxId:channel:recipient) is unique, and an outbox row is marked expanded in the same
// transaction as its notifications are written, so re-runs and concurrent dispatchers never make
// a second row. Rows are written even for channels this process has no adapter for: they wait in
// the database until a process that has one runs.

export interface Routes {
  /** where staff and community events go, as the adapters declare it */
  routes: readonly Route[];
  /** language of staff and community messages */
  defaultLanguage: string;
}

/**
 * Customer.muted is a comma list of event kinds (`auction.outbid`) or groups (`auction.*`).
 * Results and money events are delivered whatever is muted.
 */
export function isMuted(muted: string, kind: EventKind): boolean {
  if (UNMUTABLE_EVENTS.includes(kind)) return false;
  const group = `${kind.split('.')[0]}.*`;
  return muted
    .split(',')
    .map((m) => m.trim())
    .some((m) => m === kind || m === group);
}

interface Target {
  channel: string;
  recipient: string;
  language: string;
}

type OutboxRow = {
  id: number;
  kind: string;
  audience: string;
  customerId: number | null;
  channel: string | null;
  recipient: string | null;
};

async function pending(tx: Tx, db: Db, batch: number): Promise<OutboxRow[]> {
  const select = {
    id: true,
    kind: true,
    audience: true,
    customerId: true,
    channel: true,
    recipient: true,
  } as const;
  if (db.kind === 'postgresql') {
    // Concurrent dispatchers take disjoint batches instead of queueing behind each other's locks.
    const ids = await tx.$queryRaw<Array<{ id: number }>>`
      SELECT id FROM "Outbox" WHERE "expandedAt" IS NULL ORDER BY id LIMIT ${batch} FOR UPDATE SKIP LOCKED`;
    return tx.outbox.findMany({
      where: { id: { in: ids.map((r) => r.id) } },
      select,
      orderBy: { id: 'asc' },
    });
  }
  // SQLite transactions start with BEGIN IMMEDIATE: nobody else writes until we commit.
  return tx.outbox.findMany({ where: { expandedAt: null }, select, orderBy: { id: 'asc' }, take: batch });
}

/** Expand up to `batch` outbox rows; returns how many were expanded (0 = nothing left). */
export async function expandBatch(
  db: Db,
  routes: Routes,
  now: Date,
  opts: { batch: number; dueAt: Date },
): Promise<number> {
  return db.tx(async (tx) => {
    const rows = await pending(tx, db, opts.batch);
    if (rows.length === 0) return 0;
    const customerIds = [...new Set(rows.map((r) => r.customerId).filter((id): id is number => id !== null))];
    const customers = new Map(
      (
        await tx.customer.findMany({
          where: { id: { in: customerIds } },
          select: {
            id: true,
            language: true,
            muted: true,
            identities: {
              where: { unreachableAt: null },
              select: { platform: true, externalId: true, address: true },
            },
          },
        })
      ).map((c) => [c.id, c]),
    );
    const audiences = new Set(rows.map((r) => r.audience));
    const wanted = routes.routes.filter((r) => audiences.has(r.audience));
    const ruleChannels = new Map<string, string[]>();
    for (const platform of new Set(wanted.filter((r) => r.ruleChannels).map((r) => r.channel))) {
      const found = await tx.watchRule.findMany({
        where: { platform, customerId: null, channelId: { not: null } },
        select: { channelId: true },
        distinct: ['channelId'],
      });
      ruleChannels.set(
        platform,
        found.map((r) => r.channelId!),
      );
    }
    const routed = (audience: string): Target[] =>
      wanted
        .filter((r) => r.audience === audience)
        .flatMap((r) =>
          [...r.recipients, ...(r.ruleChannels ? (ruleChannels.get(r.channel) ?? []) : [])].map(
            (recipient) => ({
              channel: r.channel,
              recipient,
              language: routes.defaultLanguage,
            }),
          ),
        );

    const targets = (row: OutboxRow): Target[] => {
      if (row.channel !== null && row.recipient !== null) {
        return [{ channel: row.channel, recipient: row.recipient, language: routes.defaultLanguage }];
      }
      if (row.audience !== 'CUSTOMER') return routed(row.audience);
      const customer = row.customerId === null ? undefined : customers.get(row.customerId);
      // an unknown kind still gets rows: it fails visibly at rendering instead of vanishing here
      if (!customer || (isEventKind(row.kind) && isMuted(customer.muted, row.kind))) return [];
      return customer.identities.map((i) => ({
        channel: i.platform,
        recipient: i.address ?? i.externalId,
        language: customer.language,
      }));
    };

    await tx.outbox.updateMany({ where: { id: { in: rows.map((r) => r.id) } }, data: { expandedAt: now } });
    const data = rows.flatMap((row) => targets(row).map((t) => ({ outboxId: row.id, ...t })));
    // Multi-row INSERTs: Prisma's createMany costs several times as much, and a drop-list import can
    // expand thousands of events in one poll. 1000 rows stay under SQLite's 32 766 parameters.
    // ON CONFLICT also absorbs two identities sharing an address: the second is the same notification.
    const at = db.kind === 'sqlite' ? sqlDate(now) : now;
    const due = db.kind === 'sqlite' ? sqlDate(opts.dueAt) : opts.dueAt;
    for (let i = 0; i < data.length; i += 1000) {
      const values = data.slice(i, i + 1000).map((n) => {
        const dedupeKey = `${n.outboxId}:${n.channel}:${n.recipient}`;
        return Prisma.sql`(${n.outboxId}, ${n.channel}, ${n.recipient}, ${n.language}, ${dedupeKey}, 'PENDING', 0, ${due}, ${at})`;
      });
      await tx.$executeRaw`INSERT INTO "Notification"
        ("outboxId", "channel", "recipient", "language", "dedupeKey", "status", "attempts", "nextAttemptAt", "createdAt")
        VALUES ${Prisma.join(values)} ON CONFLICT ("dedupeKey") DO NOTHING`;
    }
    return rows.length;
  });
}
