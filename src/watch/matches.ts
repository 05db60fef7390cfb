import type { Clock } from '../clock.ts';
import type { Db } from '../db/client.ts';
import type { LastImport } from '../droplist/service.ts';
import type { Logger } from '../log.ts';
import { enqueue } from '../notify/outbox.ts';
import { type Columns, emptyColumns } from '../search/columns.ts';
import { MemoryIndex } from '../search/memory-index.ts';
import { parseSearchQuery, type SearchQueryInput } from '../search/query.ts';
import { notHeardOf } from './rules.ts';
import { savedQuerySchema } from './saved-query.ts';

// Customers' saved searches after an import: for each rule, the names this import (or any since
// the rule last heard) brought that match it, as one `watch.matches` event per rule. A name is new
// to a rule when the import that first listed it (DropDomain.importId) is later than the rule's
// lastImportId. The new names are put into a small memory index of their own and every rule's
// query runs against it: the same matching as /search, without scanning the whole list per rule.
// Several instances may run this at once: moving a rule's lastImportId forward and writing its
// event are one transaction that only one of them wins, so each rule hears of an import once.

/** Names listed in one alert; the rest is a count and one /search away. */
const WATCH_ITEMS = 20;

export interface WatchDeps {
  db: Db;
  clock: Clock;
  log: Logger;
}

async function newNames(db: Db, since: number, now: Date): Promise<MemoryIndex> {
  const rows = await db.prisma.dropDomain.findMany({
    where: { importId: { gt: since }, dropAt: { gt: now } },
    select: {
      label: true,
      zone: true,
      dropAt: true,
      length: true,
      letters: true,
      digits: true,
      hyphens: true,
      idn: true,
      score: true,
    },
  });
  const c: Columns = emptyColumns(rows.length);
  const zones = new Map<string, number>();
  rows.forEach((r, i) => {
    let z = zones.get(r.zone);
    if (z === undefined) {
      z = c.zones.push(r.zone) - 1;
      zones.set(r.zone, z);
    }
    c.labels[i] = r.label;
    c.zoneOf[i] = z;
    c.dropAt[i] = r.dropAt.getTime();
    c.length[i] = r.length;
    c.letters[i] = r.letters;
    c.digits[i] = r.digits;
    c.hyphens[i] = r.hyphens;
    c.idn[i] = r.idn ? 1 : 0;
    c.score[i] = r.score;
  });
  return MemoryIndex.build(c);
}

/**
 * Enqueues the matches of every customer rule that has not heard of `last` yet. Returns how many
 * events were written (rules without new matches only move forward).
 */
export async function enqueueWatchMatches(deps: WatchDeps, last: LastImport): Promise<number> {
  const { db, clock, log } = deps;
  const due = await db.prisma.watchRule.findMany({
    where: {
      customerId: { not: null },
      ...notHeardOf(last.id),
    },
    orderBy: { id: 'asc' },
  });
  if (due.length === 0) return 0;
  const now = clock.now();
  const indexes = new Map<number, Promise<MemoryIndex>>();
  let written = 0;
  for (const rule of due) {
    const since = rule.lastImportId ?? 0;
    if (!indexes.has(since)) indexes.set(since, newNames(db, since, now));
    let found: { total: number; items: Array<{ fqdn: string; dropAt: Date }> } = { total: 0, items: [] };
    try {
      const saved: SearchQueryInput = savedQuerySchema.parse(JSON.parse(rule.query));
      const q = parseSearchQuery({ ...saved, pageSize: WATCH_ITEMS });
      found = await (await indexes.get(since)!).search(q, now);
    } catch (error) {
      // A rule that no longer validates must not stop the others; it moves on with no alert.
      log.warn('watch rule skipped: its query does not validate', { ruleId: rule.id, error });
    }
    const wrote = await db.tx(async (tx) => {
      const moved = await tx.watchRule.updateMany({
        where: { id: rule.id, ...notHeardOf(last.id) },
        data: { lastImportId: last.id },
      });
      if (moved.count === 0 || found.total === 0) return false;
      return enqueue(tx, now, {
        kind: 'watch.matches',
        audience: 'CUSTOMER',
        customerId: rule.customerId,
        payload: {
          ruleId: rule.id,
          name: rule.name,
          total: found.total,
          items: found.items.map((i) => ({ fqdn: i.fqdn, dropAt: i.dropAt.toISOString() })),
        },
        dedupeKey: `watch.matches:${rule.id}:${last.id}`,
      });
    });
    if (wrote) written++;
  }
  return written;
}
