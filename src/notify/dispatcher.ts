import { setMaxListeners } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import type { Clock } from '../clock.ts';
import type { Core } from '../core.ts';
import type { Logger } from '../log.ts';
import type { NotificationChannel } from './channel.ts';
import { claimGroups, type Group, groupKey } from './claim.ts';
import { keepClaim } from './claim-lease.ts';
import {
  type DeliveryContext,
  deliverGroup,
  LAG_BUCKETS,
  METRIC_FAILED,
  METRIC_LAG,
  METRIC_SENT,
  type Outcome,
} from './deliver.ts';
import { expandBatch } from './expand.ts';
import { Pacer } from './pacer.ts';
import type { Route } from './routes.ts';
import { type NotifyService, notifyService } from './service.ts';
import type { Renderer } from './templates.ts';

// The delivery loop: every poll it expands new outbox rows (whoever wrote them: this process, a
// CLI `batch` beside it, another instance) into notifications, claims due recipients and sends to
// them, keeping a bounded number of recipients in flight. The poll is two indexed queries, so a
// second is cheap enough to make delivery feel immediate.

export interface DispatcherOptions {
  /** how often the database is asked for new work */
  pollMs: number;
  /**
   * a new notification waits this long for others to the same recipient, to go out as one message;
   * shorter than the poll, so rows expanded one poll apart meet in the next claim
   */
  gatherMs: number;
  /**
   * how long a claim holds before another dispatcher may take the rows over; renewed every third of
   * it while the recipient is being sent to, so a dead dispatcher's recipients wait no longer
   */
  leaseMs: number;
  /** recipients being sent to at once */
  maxInFlight: number;
  /** outbox rows per expansion transaction */
  expandBatch: number;
}

export const DEFAULT_OPTIONS: DispatcherOptions = {
  pollMs: 1000,
  gatherMs: 500,
  leaseMs: 6_000,
  maxInFlight: 128,
  expandBatch: 2000,
};

export interface DispatcherDeps {
  core: Pick<Core, 'db' | 'config' | 'metrics'> & { notify?: Pick<NotifyService, 'templates'> };
  channels: NotificationChannel[];
  /** where staff and community events go: what the adapters declare from the configuration */
  routes: readonly Route[];
  log: Logger;
  clock: Clock;
  /** defaults to the channels' templates (TEMPLATES_DIR applied) */
  renderer?: Renderer;
  /** share one with anything else sending on the same platforms, so their pace adds up */
  pacer?: Pacer;
  options?: Partial<DispatcherOptions>;
}

export interface DispatchStats extends Outcome {
  expanded: number;
}

let claims = 0;

function setUp(deps: DispatcherDeps, gatherMs?: number) {
  const { core, clock, log } = deps;
  const options = { ...DEFAULT_OPTIONS, ...deps.options, ...(gatherMs === undefined ? {} : { gatherMs }) };
  const renderer = deps.renderer ?? (core.notify ?? notifyService(core.config)).templates(deps.channels);
  const channels = new Map(deps.channels.map((c) => [c.name, c]));
  const routes = { routes: deps.routes, defaultLanguage: core.config.DEFAULT_LANGUAGE };
  core.metrics.counter(METRIC_SENT, 'Notifications delivered, by channel', ['channel']);
  core.metrics.histogram(
    METRIC_LAG,
    'Seconds from the outbox row (the change) to the notification delivered, by channel',
    ['channel'],
    LAG_BUCKETS,
  );
  core.metrics.counter(METRIC_FAILED, 'Notification send failures, by channel and result (retry or dead)', [
    'channel',
    'result',
  ]);
  const abort = new AbortController();
  // every recipient waiting for a send slot listens for the stop: many listeners are expected here
  setMaxListeners(0, abort.signal);
  const ctx: DeliveryContext = {
    db: core.db,
    clock,
    log,
    metrics: core.metrics,
    renderer,
    pacer: deps.pacer ?? new Pacer(),
    leaseMs: options.leaseMs,
    signal: abort.signal,
  };

  /** expand everything waiting (bounded, so a huge backlog cannot starve sending) */
  const expand = async (): Promise<number> => {
    let total = 0;
    for (let i = 0; i < 25; i++) {
      const now = clock.now();
      const n = await expandBatch(core.db, routes, now, {
        batch: options.expandBatch,
        dueAt: new Date(now.getTime() + options.gatherMs),
      });
      total += n;
      if (n < options.expandBatch) break;
    }
    return total;
  };

  const claim = (limit: number, exclude: ReadonlySet<string>): Promise<Group[]> =>
    claimGroups(core.db, {
      channels: [...channels.keys()],
      now: clock.now(),
      gatherMs: options.gatherMs,
      leaseMs: options.leaseMs,
      limit,
      exclude,
      token: `${core.config.instanceId}#${++claims}`,
    });

  const deliver = async (group: Group) => {
    const lease = keepClaim(ctx, group);
    try {
      return await deliverGroup(ctx, channels.get(group.channel)!, group, lease);
    } finally {
      await lease.stop();
    }
  };
  return { options, channels, ctx, abort, expand, claim, deliver };
}

const add = (stats: DispatchStats, o: Outcome) => {
  stats.sent += o.sent;
  stats.retried += o.retried;
  stats.dead += o.dead;
};

/**
 * One complete pass: expand the whole outbox, then send to every recipient that is due, until
 * nothing is due. Nothing waits to be gathered (there is no next poll to gather for).
 */
export async function dispatchOnce(deps: DispatcherDeps): Promise<DispatchStats> {
  const d = setUp(deps, deps.options?.gatherMs ?? 0);
  const stats: DispatchStats = { expanded: await d.expand(), sent: 0, retried: 0, dead: 0 };
  for (;;) {
    const groups = await d.claim(d.options.maxInFlight, new Set());
    if (groups.length === 0) return stats;
    for (const o of await Promise.all(groups.map(d.deliver))) add(stats, o);
  }
}

export function startDispatcher(deps: DispatcherDeps): { stop(): Promise<void> } {
  const d = setUp(deps);
  const { log } = deps;
  const inFlight = new Map<string, Promise<void>>();
  let slotFreed: () => void = () => {};
  log.info('notification dispatcher started', { channels: [...d.channels.keys()], pollMs: d.options.pollMs });

  let expandedAt = Number.NEGATIVE_INFINITY;
  /** one poll; says how long to wait before the next: 'slot' = until a recipient is done */
  const tick = async (): Promise<number | 'slot'> => {
    let expanded = 0;
    // a finished recipient wakes the loop early to claim more, but the outbox is read once a poll
    if (performance.now() - expandedAt >= d.options.pollMs) {
      expandedAt = performance.now();
      expanded = await d.expand();
    }
    const free = d.options.maxInFlight - inFlight.size;
    // Claim in halves: one query for many recipients rather than one per finished recipient.
    if (free < d.options.maxInFlight / 2) return 'slot';
    const groups = await d.claim(free, new Set(inFlight.keys()));
    for (const g of groups) {
      const key = groupKey(g.channel, g.recipient);
      const task = d
        .deliver(g)
        .then(() => {})
        .catch((e) => log.error('notification delivery failed', { channel: g.channel, error: e }))
        .finally(() => {
          inFlight.delete(key);
          slotFreed();
        });
      inFlight.set(key, task);
    }
    if (groups.length === free) return 'slot';
    // what was just expanded is due once gathered, no need to wait for the next poll
    return expanded > 0 && groups.length === 0 ? d.options.gatherMs : d.options.pollMs;
  };

  const loop = (async () => {
    while (!d.abort.signal.aborted) {
      let next: number | 'slot' = d.options.pollMs;
      try {
        next = await tick();
      } catch (e) {
        log.error('notification dispatcher pass failed', { error: e });
      }
      const freed = new Promise<void>((r) => {
        slotFreed = r;
      });
      await Promise.race([
        delay(next === 'slot' ? d.options.pollMs : next, undefined, { signal: d.abort.signal }).catch(
          () => {},
        ),
        ...(next === 'slot' ? [freed] : []),
      ]);
    }
  })();

  return {
    async stop() {
      d.abort.abort(new Error('dispatcher stopping'));
      await loop;
      await Promise.allSettled(inFlight.values());
      log.info('notification dispatcher stopped');
    },
  };
}
