import type { Db } from '../db/client.ts';

// Taking due notifications for delivery. A dispatcher claims whole recipients (every pending row
// of one channel and recipient, so they can go out as one digest) with a compare-and-set update:
// only rows nobody holds, or whose holder's lease ran out, change hands. The claim token is unique
// per claim, so the rows read back are exactly the ones this call won.

export interface ClaimedRow {
  id: number;
  language: string;
  attempts: number;
  /** ids of the parts already delivered, when a long notification was cut short by a failure */
  providerMessageId: string | null;
  kind: string;
  payload: string;
  /** when the change that caused it wrote its outbox row: the start of the delivery lag */
  writtenAt: Date;
}

export interface Group {
  channel: string;
  recipient: string;
  token: string;
  /** the claim's lease, renewed while the group is sent (claim-lease.ts) */
  claimedUntil: Date;
  rows: ClaimedRow[];
}

export const groupKey = (channel: string, recipient: string) => `${channel}\u0000${recipient}`;

export async function claimGroups(
  db: Db,
  opts: {
    channels: string[];
    now: Date;
    /** rows due this much later ride along with a due row of the same recipient */
    gatherMs: number;
    leaseMs: number;
    limit: number;
    /** recipients this dispatcher is still sending to */
    exclude: ReadonlySet<string>;
    token: string;
  },
): Promise<Group[]> {
  const { now } = opts;
  const free = { OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }] };
  const due = await db.prisma.notification.groupBy({
    by: ['channel', 'recipient'],
    where: { status: 'PENDING', channel: { in: opts.channels }, nextAttemptAt: { lte: now }, ...free },
    _min: { nextAttemptAt: true },
    orderBy: { _min: { nextAttemptAt: 'asc' } },
    take: opts.limit + opts.exclude.size,
  });
  const wanted = due.filter((g) => !opts.exclude.has(groupKey(g.channel, g.recipient))).slice(0, opts.limit);
  if (wanted.length === 0) return [];

  // Which rows, then take them: two statements on `recipient IN (…)` and `id IN (…)` cost a fraction
  // of one update with a condition per recipient.
  const byChannel = new Map<string, string[]>();
  for (const g of wanted) byChannel.set(g.channel, [...(byChannel.get(g.channel) ?? []), g.recipient]);
  const candidates = await db.prisma.notification.findMany({
    where: {
      status: 'PENDING',
      nextAttemptAt: { lte: new Date(now.getTime() + opts.gatherMs) },
      AND: [
        free,
        { OR: [...byChannel].map(([channel, recipients]) => ({ channel, recipient: { in: recipients } })) },
      ],
    },
    select: { id: true },
  });
  const ids = candidates.map((c) => c.id);
  const claimedUntil = new Date(now.getTime() + opts.leaseMs);
  await db.prisma.notification.updateMany({
    where: { id: { in: ids }, status: 'PENDING', ...free },
    data: { claimedBy: opts.token, claimedUntil },
  });
  const rows = await db.prisma.notification.findMany({
    where: { id: { in: ids }, claimedBy: opts.token },
    select: {
      id: true,
      channel: true,
      recipient: true,
      language: true,
      attempts: true,
      providerMessageId: true,
      outbox: { select: { kind: true, payload: true, createdAt: true } },
    },
    orderBy: { id: 'asc' },
  });
  const groups = new Map<string, Group>();
  for (const r of rows) {
    const key = groupKey(r.channel, r.recipient);
    const g = groups.get(key) ?? {
      channel: r.channel,
      recipient: r.recipient,
      token: opts.token,
      claimedUntil,
      rows: [],
    };
    groups.set(key, g);
    g.rows.push({
      id: r.id,
      language: r.language,
      attempts: r.attempts,
      providerMessageId: r.providerMessageId,
      kind: r.outbox.kind,
      payload: r.outbox.payload,
      writtenAt: r.outbox.createdAt,
    });
  }
  return [...groups.values()];
}
