import { randomUUID } from 'node:crypto';
import { type Clock, MINUTE } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { DomainError, ImportBusy } from '../errors.ts';
import { acquireLease, releaseLease } from '../jobs/lease.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';
import { listPrices } from '../pricing/prices.ts';
import { createCnrClient } from '../registrar/cnr/client.ts';
import type { DropDay } from '../search/query.ts';
import { cnrSource } from './cnr-source.ts';
import { fileSource } from './file-source.ts';
import { httpSource } from './http-source.ts';
import { type ImportResult, importDropList } from './importer.ts';
import { sandboxSource } from './sandbox-source.ts';
import { isDropListStale } from './schedule.ts';
import type { DropListSource } from './source.ts';
import { createDropStore } from './store.ts';

// The drop list as the rest of the core sees it: import from a source, tell who cares, stats.

/**
 * One import at a time over all processes, whoever starts it (the job, the CLI, Slack, start-up):
 * a second one would download and stage the same list again only to swap it in twice. The lease
 * outlives an import that died, for a while; a healthy one gives it back at once.
 */
const RUN_LEASE = 'droplist-import:run';
const RUN_LEASE_MS = 30 * MINUTE;

export type ImportedHook = (result: ImportResult) => void | Promise<void>;

export interface DropListStats {
  /** names dropping from now on */
  total: number;
  days: DropDay[];
}

export interface LastImport {
  id: number;
  finishedAt: Date;
  total: number;
}

export interface DropListDeps {
  db: Db;
  clock: Clock;
  config: Pick<
    Config,
    | 'droplistUrl'
    | 'droplistSource'
    | 'SANDBOX_SEED'
    | 'SANDBOX_DROPLIST_SIZE'
    | 'cnrUrl'
    | 'CNR_LOGIN'
    | 'CNR_PASSWORD'
    | 'CNR_TIMEOUT_MS'
  >;
  log: Logger;
  metrics: Metrics;
}

export function createDropList(deps: DropListDeps) {
  const { db, clock, config, log, metrics } = deps;
  const store = createDropStore(db);
  const hooks = new Set<ImportedHook>();
  metrics.counter('backorder_droplist_imports_total', 'drop-list imports by result', ['result']);
  metrics.counter('backorder_droplist_import_rows_total', 'drop-list rows imported, by outcome', ['outcome']);

  const lastImport = async (): Promise<LastImport | null> => {
    const row = await db.prisma.dropImport.findFirst({ where: { ok: true }, orderBy: { id: 'desc' } });
    return row?.finishedAt ? { id: row.id, finishedAt: row.finishedAt, total: row.total } : null;
  };

  const busy = async () => {
    const running = await db.prisma.dropImport.findFirst({
      where: { finishedAt: null },
      orderBy: { id: 'desc' },
    });
    return new ImportBusy(running?.startedAt);
  };

  /** The priced zones: those with a price above 0 in some currency (0 means not offered). */
  const pricedZones = async () => [
    ...new Set((await listPrices(db.prisma)).filter((p) => p.amount > 0n).map((p) => p.zone)),
  ];

  const fromCnr = (allZones: boolean): DropListSource => {
    const { CNR_LOGIN: login, CNR_PASSWORD: password } = config;
    if (!login || !password) {
      throw new DomainError('INVALID_INPUT', 'the drop list from CNR needs CNR_LOGIN and CNR_PASSWORD');
    }
    const client = createCnrClient({
      url: config.cnrUrl,
      login,
      password,
      timeoutMs: config.CNR_TIMEOUT_MS,
      log: log.child({ registrar: 'cnr' }),
    });
    return cnrSource({ client, zones: allZones ? 'all' : pricedZones });
  };

  /**
   * `--file` or `--url` when given; else the list from CNR's API when `from` (or DROPLIST_SOURCE)
   * says cnr, for the priced zones or `allZones`; else DROPLIST_URL, else the sandbox generator.
   */
  const source = (
    opts: { file?: string; url?: string; from?: 'url' | 'cnr'; allZones?: boolean } = {},
  ): DropListSource => {
    if (opts.file) return fileSource(opts.file);
    if (opts.url) return httpSource(opts.url);
    if ((opts.from ?? config.droplistSource) === 'cnr') return fromCnr(opts.allZones ?? false);
    if (config.droplistUrl) return httpSource(config.droplistUrl);
    return sandboxSource({
      seed: config.SANDBOX_SEED,
      size: config.SANDBOX_DROPLIST_SIZE,
      now: () => clock.now(),
    });
  };

  return {
    source,

    /**
     * Replaces the stored list with the source's (the configured one by default), then runs the
     * onImported hooks. Throws DomainError('IMPORT_FAILED'); the stored list is then unchanged.
     */
    async import(from: DropListSource = source()): Promise<ImportResult> {
      const owner = randomUUID();
      if (!(await acquireLease(db, RUN_LEASE, owner, clock.now(), RUN_LEASE_MS))) throw await busy();
      let result: ImportResult;
      try {
        result = await importDropList({ db, clock, log, store }, from);
      } catch (e) {
        metrics.inc('backorder_droplist_imports_total', { result: 'failed' });
        throw e;
      } finally {
        await releaseLease(db, RUN_LEASE, owner);
      }
      metrics.inc('backorder_droplist_imports_total', { result: 'ok' });
      for (const outcome of ['added', 'updated', 'removed', 'rejected'] as const) {
        metrics.inc('backorder_droplist_import_rows_total', { outcome }, result[outcome]);
      }
      for (const hook of hooks) {
        // The list is in place whatever a follower does with it; its failure is its own.
        await Promise.resolve()
          .then(() => hook(result))
          .catch((error) => log.error('drop-list import hook failed', { importId: result.importId, error }));
      }
      return result;
    },

    /**
     * Calls `hook` after every successful import made through this service (in this process;
     * other processes' imports show as a new lastImport()). Returns a function that unsubscribes.
     */
    onImported(hook: ImportedHook): () => void {
      hooks.add(hook);
      return () => hooks.delete(hook);
    },

    /** The latest successful import, or null when there never was one. */
    lastImport,

    /** True when start-up should import: no list yet, or older than the latest 00:01/10:01 UTC slot. */
    async isStale(): Promise<boolean> {
      return isDropListStale((await lastImport())?.finishedAt, clock.now());
    },

    /** Future drops per UTC day. */
    async stats(): Promise<DropListStats> {
      const days = await store.dropDays(clock.now());
      return { total: days.reduce((sum, d) => sum + d.count, 0), days };
    },
  };
}

export type DropList = ReturnType<typeof createDropList>;
