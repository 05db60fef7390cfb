import type { LogEntry } from '../audit/audit-log.ts';
import type { Tx } from '../db/client.ts';
import type { EventKind } from '../notify/events.ts';
import type { OutboxEvent } from '../notify/outbox.ts';

// The audit-log and outbox rows of many transitions written with one statement each. The lifecycle
// engine commits transitions in chunks (thousands per pass); writeLog/enqueue cost two round trips
// per row, which alone would blow the pass's time budget. Same rows, same dedupe rule as enqueue.

export async function writeLogs(tx: Tx, at: Date, entries: LogEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.log.createMany({
    data: entries.map((e) => ({
      at,
      job: e.job,
      level: e.level ?? 'ok',
      message: e.message.slice(0, 2000),
      backorderId: e.backorderId ?? null,
      fqdn: e.fqdn ?? null,
      actor: e.actor ?? null,
    })),
  });
}

/** Writes the events whose dedupe key is new; returns the keys written. */
export async function enqueueAll(tx: Tx, at: Date, events: OutboxEvent<EventKind>[]): Promise<Set<string>> {
  const keys = [...new Set(events.map((e) => e.dedupeKey))];
  if (keys.length === 0) return new Set();
  const existing = await tx.outbox.findMany({
    where: { dedupeKey: { in: keys } },
    select: { dedupeKey: true },
  });
  const taken = new Set(existing.map((e) => e.dedupeKey));
  const fresh: OutboxEvent<EventKind>[] = [];
  for (const e of events) {
    if (taken.has(e.dedupeKey)) continue;
    taken.add(e.dedupeKey);
    fresh.push(e);
  }
  if (fresh.length) {
    await tx.outbox.createMany({
      data: fresh.map((e) => ({
        kind: e.kind,
        audience: e.audience,
        customerId: e.customerId ?? null,
        payload: JSON.stringify(e.payload),
        dedupeKey: e.dedupeKey,
        createdAt: at,
      })),
    });
  }
  return new Set(fresh.map((e) => e.dedupeKey));
}
