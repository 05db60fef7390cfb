import type { Db } from '../db/client.ts';
import { finalizationOf } from './finalization.ts';
import { iso } from './notices.ts';
import { enqueueAll, writeLogs } from './records.ts';

// Drop-date sync (01:01 and 11:01 UTC, and after each import): open backorders take their drop time
// from the imported list (and their finalization deadline with it), and the customer hears when it
// moves. A name that left the list keeps its
// last known drop time on purpose: if it comes back the sync updates it, and if it does not the stale
// sweep fails it 2 days after that time, releasing any hold, instead of it waiting forever.

const JOB = 'droplist-sync';
/** Only before the application is sent does the drop time drive anything (activation and processing). */
const SYNCED = ['REQUESTED', 'ACTIVE'];
const CHUNK = 500;

export interface SyncResult {
  /** open backorders looked at */
  checked: number;
  /** drop time set or changed */
  changed: number;
  /** names newly found missing from the list */
  delisted: number;
}

export async function syncDropDates(db: Db, now: Date): Promise<SyncResult> {
  const result: SyncResult = { checked: 0, changed: 0, delisted: 0 };
  // An empty list means no import has succeeded yet, not that every name left it.
  if ((await db.prisma.dropDomain.findFirst({ select: { fqdn: true } })) === null) return result;
  const open = await db.prisma.backorder.findMany({
    where: { status: { in: SYNCED } },
    select: { id: true, customerId: true, fqdn: true, dropAt: true },
    orderBy: { id: 'asc' },
  });
  result.checked = open.length;
  for (let i = 0; i < open.length; i += CHUNK) {
    const chunk = open.slice(i, i + CHUNK);
    const listed = await db.prisma.dropDomain.findMany({
      where: { fqdn: { in: [...new Set(chunk.map((b) => b.fqdn))] } },
      select: { fqdn: true, dropAt: true },
    });
    const dropOf = new Map(listed.map((d) => [d.fqdn, d.dropAt]));
    const moved = chunk.flatMap((b) => {
      const dropAt = dropOf.get(b.fqdn);
      return dropAt && dropAt.getTime() !== b.dropAt?.getTime() ? [{ b, dropAt }] : [];
    });
    const gone = chunk.filter((b) => b.dropAt !== null && !dropOf.has(b.fqdn));
    if (moved.length === 0 && gone.length === 0) continue;
    const delistedNow = await db.tx(async (tx) => {
      for (const { b, dropAt } of moved) {
        // Guarded by the old value: a concurrent sync or a status change since the read wins.
        await tx.backorder.updateMany({
          where: { id: b.id, status: { in: SYNCED }, dropAt: b.dropAt },
          data: { dropAt, finalizesAt: finalizationOf(dropAt), updatedAt: now },
        });
      }
      const written = await enqueueAll(tx, db.kind, now, [
        ...moved.map(({ b, dropAt }) => ({
          kind: 'droptime.changed' as const,
          audience: 'CUSTOMER' as const,
          customerId: b.customerId,
          payload: {
            backorderId: b.id,
            fqdn: b.fqdn,
            oldDropAt: iso(b.dropAt),
            newDropAt: dropAt.toISOString(),
          },
          dedupeKey: `bo:${b.id}:droptime:${dropAt.toISOString()}`,
        })),
        ...gone.map((b) => ({
          kind: 'droplist.delisted' as const,
          audience: 'CUSTOMER' as const,
          customerId: b.customerId,
          payload: { backorderId: b.id, fqdn: b.fqdn, oldDropAt: iso(b.dropAt) },
          dedupeKey: `bo:${b.id}:delisted:${iso(b.dropAt)}`,
        })),
      ]);
      // A delisted name is found again at every sync; only the first finding is news.
      const fresh = gone.filter((b) => written.has(`bo:${b.id}:delisted:${iso(b.dropAt)}`));
      await writeLogs(tx, db.kind, now, [
        ...moved.map(({ b, dropAt }) => ({
          job: JOB,
          backorderId: b.id,
          fqdn: b.fqdn,
          message: `drop time ${b.dropAt ? `changed from ${b.dropAt.toISOString()}` : 'now known'}: ${dropAt.toISOString()}`,
        })),
        ...fresh.map((b) => ({
          job: JOB,
          backorderId: b.id,
          fqdn: b.fqdn,
          message: `no longer in the drop list; keeping the last drop time ${iso(b.dropAt)} (failed 2 days after it unless the name comes back)`,
        })),
      ]);
      return fresh.length;
    });
    result.changed += moved.length;
    result.delisted += delistedNow;
  }
  return result;
}
