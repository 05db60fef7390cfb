import { auctionsService } from './auctions/service.ts';
import { listLogs } from './audit/audit-log.ts';
import { billingService } from './billing/service.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import { customersService } from './customers/service.ts';
import type { Db } from './db/client.ts';
import { createDropList } from './droplist/service.ts';
import type { Logger } from './log.ts';
import type { Metrics } from './metrics.ts';
import { pricingService } from './pricing/service.ts';

// The core's services wired together: every entry point (main, CLI, bots, tests) builds the same
// object from the same parts, so there is one way to do each thing.

export interface CoreDeps {
  config: Config;
  db: Db;
  clock: Clock;
  log: Logger;
  metrics: Metrics;
}

export function createCore(deps: CoreDeps) {
  const { db } = deps;
  return {
    ...deps,
    logs: { list: (q: Parameters<typeof listLogs>[1]) => listLogs(db.prisma, q) },
    droplist: createDropList(deps),
    pricing: pricingService(db, deps.clock),
    customers: customersService(db, deps.clock, {
      currency: deps.config.DEFAULT_CURRENCY,
      language: deps.config.DEFAULT_LANGUAGE,
    }),
    billing: billingService(db, deps.clock),
    auctions: auctionsService(db, deps.config),
  };
}

export type Core = ReturnType<typeof createCore>;
