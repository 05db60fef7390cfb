import type { Clock } from '../clock.ts';
import type { Db } from '../db/client.ts';
import type { Logger } from '../log.ts';
import type { Registrar } from '../registrar/port.ts';
import { type CancelOptions, cancelBackorder } from './cancel.ts';
import { syncDropDates } from './drop-sync.ts';
import { createLifecycle, type LifecycleOptions } from './lifecycle/engine.ts';
import { placeBackorder } from './place.ts';
import { backorderHistory, getBackorder, type ListQuery, listBackorders } from './queries.ts';

// Backorders as the rest of the core uses them: the edges (CLI, bots) and the jobs call these.
// Customers pass their own id as customerId and see nothing else.

export interface BackordersDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  registrar: Registrar;
}

export function backordersService(deps: BackordersDeps) {
  const { db, clock, log, registrar } = deps;
  return {
    place: (customerId: number, name: string, opts: { actor?: string; lite?: boolean } = {}) =>
      placeBackorder(db, customerId, name, { ...opts, at: clock.now() }),
    cancel: (id: number, opts: Omit<CancelOptions, 'at'>) =>
      cancelBackorder(db, registrar, log, id, { ...opts, at: clock.now() }),
    list: (query: ListQuery) => listBackorders(db.prisma, query),
    get: (id: number, opts: { customerId?: number } = {}) => getBackorder(db.prisma, id, opts),
    history: (id: number, opts: { customerId?: number } = {}) => backorderHistory(db.prisma, id, opts),
    /** after every drop-list import, and at 01:01 and 11:01 UTC */
    syncDropDates: (now: Date = clock.now()) => syncDropDates(db, now),
  };
}

/**
 * The lifecycle engine with the core's parts; `batch` and the 5-minute job call runPass. A pass does
 * everything due at its instant, so it also settles the auctions due then (the every-minute job only
 * does that sooner): `batch --now` after an auction's end closes it.
 */
export function lifecycleService(
  deps: BackordersDeps &
    Pick<LifecycleOptions, 'openAuction' | 'claimLeaseMs' | 'faults' | 'concurrency'> & {
      settleAuctions: (now: Date) => Promise<{ closed: unknown[]; failures: unknown[] }>;
    },
) {
  const engine = createLifecycle({ ...deps, log: deps.log.child({ job: 'lifecycle' }) });
  return {
    async runPass(now: Date = deps.clock.now()) {
      const result = await engine.runPass(now);
      const auctions = await deps.settleAuctions(now);
      return {
        ...result,
        auctionsClosed: auctions.closed.length,
        errors: result.errors + auctions.failures.length,
      };
    },
  };
}
