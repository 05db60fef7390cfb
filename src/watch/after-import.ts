import { type Clock, HOUR } from '../clock.ts';
import type { Db } from '../db/client.ts';
import type { DropList } from '../droplist/service.ts';
import type { Logger } from '../log.ts';
import type { EventPayloads } from '../notify/events.ts';
import { enqueue, type OutboxEvent } from '../notify/outbox.ts';
import type { pricingService } from '../pricing/service.ts';
import type { Search } from '../search/search.ts';
import { enqueueWatchMatches } from './matches.ts';
import { notableNames } from './notable.ts';
import { notHeardOf } from './rules.ts';
import { type SavedQuery, savedQuerySchema } from './saved-query.ts';

// What follows a drop-list import, whichever process ran it, as outbox events that the dispatcher
// delivers through whichever adapters carry them (the `after-import` job runs this every 5 minutes,
// and the service within seconds of any import):
// - the community digest (list size per drop day, each priced zone's best names by score),
//   `community.droplist`;
// - each alert channel's digest of its own rules, `community.rules`, addressed to that channel;
// - customers' saved-search matches, `watch.matches` (src/watch/matches.ts).
// Each is once per import over every instance: the digest by its dedupe key, a channel's digest and a
// customer's rule by moving the rules' lastImportId in the transaction that writes the event.

/** An import older than this is old news to the community (an instance that starts later). */
const CATCH_UP_WINDOW_MS = 24 * HOUR;
/** Names per rule in a channel digest; the full list is one search away. */
const PER_RULE = 25;

export interface AfterImportDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  droplist: Pick<DropList, 'lastImport' | 'stats'>;
  search: Pick<Search, 'search'>;
  pricing: Pick<ReturnType<typeof pricingService>, 'list'>;
  /** names of each priced zone in the community digest (NOTABLE_PER_ZONE) */
  config: { NOTABLE_PER_ZONE: number };
  /** the core's: absorbs another instance writing the same event at the same moment */
  outbox: { enqueue(event: OutboxEvent<'community.droplist'>): Promise<boolean> };
}

export interface AfterImportResult {
  /** the import it looked at, or null when nothing was imported yet */
  importId: number | null;
  /** the community digest was written by this run */
  digest: boolean;
  /** channels whose rule digest this run wrote */
  channels: number;
  /** customers' rules whose matches this run wrote */
  watches: number;
}

export async function afterImport(deps: AfterImportDeps, now: Date): Promise<AfterImportResult> {
  const last = await deps.droplist.lastImport();
  if (!last) return { importId: null, digest: false, channels: 0, watches: 0 };
  const recent = now.getTime() - last.finishedAt.getTime() <= CATCH_UP_WINDOW_MS;
  return {
    importId: last.id,
    digest: recent && (await communityDigest(deps, last.id)),
    channels: recent ? await channelDigests(deps, last.id, now) : 0,
    watches: await enqueueWatchMatches(deps, last),
  };
}

async function communityDigest(deps: AfterImportDeps, importId: number): Promise<boolean> {
  const dedupeKey = `community.droplist:${importId}`;
  // the common case on every run but the first after an import: one indexed look
  if (await deps.db.prisma.outbox.findUnique({ where: { dedupeKey }, select: { id: true } })) return false;
  const stats = await deps.droplist.stats();
  const notable = await notableNames(deps, deps.config.NOTABLE_PER_ZONE);
  return deps.outbox.enqueue({
    kind: 'community.droplist',
    audience: 'COMMUNITY',
    payload: {
      importId,
      total: stats.total,
      days: stats.days,
      notable: notable.map((i) => ({ fqdn: i.fqdn, dropAt: i.dropAt.toISOString(), score: i.score })),
    },
    dedupeKey,
  });
}

/**
 * Every alert channel with rules that have not heard of this import: their current matches, as one
 * event for the channel (none when no rule matches anything: no news is no message). A rule made
 * after the import starts from it (see rules.ts) and waits for the next one.
 */
async function channelDigests(deps: AfterImportDeps, importId: number, now: Date): Promise<number> {
  const due = await deps.db.prisma.watchRule.findMany({
    where: { customerId: null, channelId: { not: null }, ...notHeardOf(importId) },
    orderBy: { id: 'asc' },
  });
  const byChannel = new Map<string, typeof due>();
  for (const rule of due) {
    const key = JSON.stringify([rule.platform, rule.channelId]);
    byChannel.set(key, [...(byChannel.get(key) ?? []), rule]);
  }
  let written = 0;
  for (const rules of byChannel.values()) {
    const { platform, channelId } = rules[0]!;
    const found: EventPayloads['community.rules']['rules'] = [];
    for (const rule of rules) {
      let query: SavedQuery;
      try {
        query = savedQuerySchema.parse(JSON.parse(rule.query));
      } catch (error) {
        // a rule that no longer validates must not stop the others; it moves on with no matches
        deps.log.warn('alert rule skipped: its query does not validate', { ruleId: rule.id, error });
        continue;
      }
      const result = await deps.search.search({ ...query, pageSize: PER_RULE });
      found.push({
        id: rule.id,
        name: rule.name,
        query,
        total: result.total,
        items: result.items.map((i) => ({ fqdn: i.fqdn, dropAt: i.dropAt.toISOString() })),
      });
    }
    const wrote = await deps.db.tx(async (tx) => {
      const moved = await tx.watchRule.updateMany({
        where: { id: { in: rules.map((r) => r.id) }, ...notHeardOf(importId) },
        data: { lastImportId: importId },
      });
      if (moved.count === 0 || !found.some((r) => r.total > 0)) return false;
      return enqueue(tx, now, {
        kind: 'community.rules',
        audience: 'COMMUNITY',
        to: { channel: platform, recipient: channelId! },
        payload: { importId, rules: found },
        dedupeKey: `community.rules:${importId}:${platform}:${channelId}`,
      });
    });
    if (wrote) written++;
  }
  return written;
}
