import { auctionsService } from './auctions/service.ts';
import { countLogs, type LogEntry, type LogQuery, listLogs, writeLog } from './audit/audit-log.ts';
import { sendLeaseMs } from './backorders/lifecycle/timing.ts';
import { backordersService, lifecycleService } from './backorders/service.ts';
import { billingService } from './billing/service.ts';
import { chatStateStore } from './chat-state/store.ts';
import { type Clock, DAY } from './clock.ts';
import type { Config } from './config.ts';
import { customersService } from './customers/service.ts';
import type { Db } from './db/client.ts';
import { isUniqueViolation } from './db/unique-violation.ts';
import { STATUSES } from './domain/status.ts';
import { createDropList } from './droplist/service.ts';
import { lastRun } from './jobs/runs.ts';
import type { Logger } from './log.ts';
import { BOT_REPLY_SECONDS, type Metrics } from './metrics.ts';
import type { EventKind } from './notify/events.ts';
import { enqueue, type OutboxEvent } from './notify/outbox.ts';
import { notifyService } from './notify/service.ts';
import { onceClaims } from './once/claims.ts';
import { pricingService } from './pricing/service.ts';
import { instrumentRegistrar } from './registrar/instrumented.ts';
import type { Registrar } from './registrar/port.ts';
import { retentionService } from './retention/retention.ts';
import { scoreService } from './score/service.ts';
import { createSearch } from './search/search.ts';
import { countByStatus, figuresSince } from './stats/business.ts';

// The core's services wired together: every entry point (main, CLI, bots, tests) builds the same
// object from the same parts, so there is one way to do each thing.

export interface CoreDeps {
  config: Config;
  db: Db;
  clock: Clock;
  log: Logger;
  metrics: Metrics;
  registrar: Registrar;
}

export function createCore(input: CoreDeps) {
  const deps = { ...input, registrar: instrumentRegistrar(input.registrar, input.metrics) };
  const { db } = deps;
  deps.metrics.histogram(BOT_REPLY_SECONDS, 'Time to answer an update or command, by platform', ['platform']);
  deps.metrics.gauge('backorder_backorders', 'Backorders by status', ['status'], async () => {
    const counts = await countByStatus(db);
    return STATUSES.map((status) => ({ labels: { status }, value: counts[status] ?? 0 }));
  });
  const droplist = createDropList(deps);
  const backorders = backordersService(deps);
  const auctions = auctionsService(db, deps.config);
  // Open backorders follow the new list at once, whoever ran the import in this process (job, CLI, Slack).
  droplist.onImported(async () => {
    await backorders.syncDropDates();
  });
  return {
    ...deps,
    stats: {
      figuresSince: (from: Date, to?: Date) => figuresSince(db, from, to),
      countByStatus: () => countByStatus(db),
    },
    logs: {
      list: (q: LogQuery) => listLogs(db.prisma, q),
      count: (q: LogQuery) => countLogs(db.prisma, q),
      write: (entry: LogEntry) => writeLog(db.prisma, deps.clock.now(), entry),
    },
    jobs: { lastRun: (job: string) => lastRun(db.prisma, job) },
    once: onceClaims(db, deps.clock, deps.config.RETAIN_PROCESSED_UPDATES_DAYS * DAY),
    retention: retentionService(deps),
    outbox: {
      /** An event outside any change's transaction; false when its dedupe key was written already. */
      async enqueue<K extends EventKind>(event: OutboxEvent<K>): Promise<boolean> {
        try {
          return await enqueue(db.prisma, deps.clock.now(), event);
        } catch (e) {
          // another instance wrote it between enqueue's look and its insert
          if (isUniqueViolation(e)) return false;
          throw e;
        }
      },
    },
    droplist,
    search: createSearch({ db, clock: deps.clock, log: deps.log }),
    pricing: pricingService(db, deps.clock),
    score: scoreService(db, deps.clock),
    customers: customersService(db, deps.clock, {
      currency: deps.config.DEFAULT_CURRENCY,
      language: deps.config.DEFAULT_LANGUAGE,
    }),
    billing: billingService(db, deps.clock),
    chatState: chatStateStore(db, deps.clock),
    notify: notifyService(deps.config),
    auctions,
    backorders,
    lifecycle: lifecycleService({
      ...deps,
      openAuction: auctions.openAuction,
      settleAuctions: auctions.settleDue,
      concurrency: deps.config.REGISTRAR_CONCURRENCY,
      claimLeaseMs: sendLeaseMs(
        deps.config.REGISTRAR === 'cnr' ? deps.config.CNR_TIMEOUT_MS : deps.config.ISPAPI_TIMEOUT_MS,
      ),
    }),
  };
}

export type Core = ReturnType<typeof createCore>;
