import type { Prisma, Tx } from '../db/client.ts';
import type { EventKind, EventPayloads } from './events.ts';

// Events for people are written to the outbox inside the transaction of the change that causes
// them; the dispatcher turns them into notifications later. The dedupe key makes a re-run of the
// same change (a repeated pass, a crash and retry) write nothing new.

export type Audience = 'CUSTOMER' | 'STAFF' | 'COMMUNITY';

export interface OutboxEvent<K extends EventKind = EventKind> {
  kind: K;
  audience: Audience;
  customerId?: number | null;
  /** one chat on one channel (a channel's alert-rule digest) instead of everyone the audience routes to */
  to?: { channel: string; recipient: string };
  payload: EventPayloads[K];
  dedupeKey: string;
}

const json = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));

export async function enqueue<K extends EventKind>(
  tx: Tx | Prisma,
  at: Date,
  event: OutboxEvent<K>,
): Promise<boolean> {
  const existing = await tx.outbox.findUnique({
    where: { dedupeKey: event.dedupeKey },
    select: { id: true },
  });
  if (existing) return false;
  await tx.outbox.create({
    data: {
      kind: event.kind,
      audience: event.audience,
      customerId: event.customerId ?? null,
      channel: event.to?.channel ?? null,
      recipient: event.to?.recipient ?? null,
      payload: json(event.payload),
      dedupeKey: event.dedupeKey,
      createdAt: at,
    },
  });
  return true;
}
