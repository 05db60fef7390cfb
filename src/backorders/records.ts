import type { LogEntry } from '../audit/audit-log.ts';
import { type DbKind, sqlDate, type Tx } from '../db/client.ts';
import { unnest } from '../db/unnest.ts';
import { Prisma } from '../generated/sqlite/client.ts';
import type { EventKind } from '../notify/events.ts';
import type { OutboxEvent } from '../notify/outbox.ts';

// The audit-log and outbox rows of many transitions, one INSERT each (on PostgreSQL from arrays,
// see db/unnest.ts). The lifecycle engine commits
// transitions in chunks (thousands per pass); writeLog/enqueue cost one or two round trips per row
// and Prisma's createMany about seven times a plain multi-row INSERT, either of which alone would
// blow the pass's time budget. Same rows, same dedupe rule as enqueue.

/** SQLite keeps DateTime as ISO text with an offset; raw SQL must write exactly what Prisma writes. */
export const sqlTime = (kind: DbKind, d: Date) => (kind === 'sqlite' ? sqlDate(d) : d);

export async function writeLogs(tx: Tx, kind: DbKind, at: Date, entries: LogEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const t = sqlTime(kind, at);
  if (kind === 'postgresql') {
    const columns = unnest([
      [entries.map((e) => e.job), 'text'],
      [entries.map((e) => e.level ?? 'ok'), 'text'],
      [entries.map((e) => e.message.slice(0, 2000)), 'text'],
      [entries.map((e) => e.backorderId ?? null), 'int'],
      [entries.map((e) => e.fqdn ?? null), 'text'],
      [entries.map((e) => e.actor ?? null), 'text'],
    ]);
    await tx.$executeRaw`INSERT INTO "Log" ("at", "job", "level", "message", "backorderId", "fqdn", "actor")
      SELECT ${t}, * FROM ${columns}`;
    return;
  }
  const rows = entries.map(
    (e) =>
      Prisma.sql`(${t}, ${e.job}, ${e.level ?? 'ok'}, ${e.message.slice(0, 2000)}, ${e.backorderId ?? null}, ${e.fqdn ?? null}, ${e.actor ?? null})`,
  );
  await tx.$executeRaw`INSERT INTO "Log" ("at", "job", "level", "message", "backorderId", "fqdn", "actor") VALUES ${Prisma.join(rows)}`;
}

/** Writes the events whose dedupe key is new; returns the keys written. */
export async function enqueueAll(
  tx: Tx,
  kind: DbKind,
  at: Date,
  events: OutboxEvent<EventKind>[],
): Promise<Set<string>> {
  const unique = [...new Map(events.map((e) => [e.dedupeKey, e])).values()];
  if (unique.length === 0) return new Set();
  const t = sqlTime(kind, at);
  const rows =
    kind === 'postgresql'
      ? Prisma.sql`SELECT *, ${t} FROM ${unnest([
          [unique.map((e) => e.kind), 'text'],
          [unique.map((e) => e.audience), 'text'],
          [unique.map((e) => e.customerId ?? null), 'int'],
          [unique.map((e) => JSON.stringify(e.payload)), 'text'],
          [unique.map((e) => e.dedupeKey), 'text'],
        ])}`
      : Prisma.sql`VALUES ${Prisma.join(
          unique.map(
            (e) =>
              Prisma.sql`(${e.kind}, ${e.audience}, ${e.customerId ?? null}, ${JSON.stringify(e.payload)}, ${e.dedupeKey}, ${t})`,
          ),
        )}`;
  const written = await tx.$queryRaw<Array<{ dedupeKey: string }>>`
    INSERT INTO "Outbox" ("kind", "audience", "customerId", "payload", "dedupeKey", "createdAt") ${rows}
    ON CONFLICT ("dedupeKey") DO NOTHING RETURNING "dedupeKey"`;
  return new Set(written.map((w) => w.dedupeKey));
}
