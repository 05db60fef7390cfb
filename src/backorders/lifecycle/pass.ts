import { writeLog } from '../../audit/audit-log.ts';
import type { Clock } from '../../clock.ts';
import type { Db, Tx } from '../../db/client.ts';
import type { BackorderKind } from '../../domain/kind.ts';
import type { Logger } from '../../log.ts';
import { getPrice } from '../../pricing/prices.ts';
import type { Registrar } from '../../registrar/port.ts';
import { StaleBackorder } from '../transition.ts';
import { type FaultStep, PassAborted } from './faults.ts';

// What every step of one pass shares: its instant, its dependencies, its running result, and the
// chunk runner that commits transitions in chunks but isolates a failing backorder.

export const JOB = 'lifecycle';

export interface PassResult {
  activated: number;
  /** backorders left REQUESTED for lack of funds */
  lowBalance: number;
  processing: number;
  sent: number;
  caught: number;
  failed: number;
  auctions: number;
  /** backorders whose step failed this pass (logged, retried next pass) */
  errors: number;
}

export type OpenAuction = (
  tx: Tx,
  input: { fqdn: string; backorders: ReadonlyArray<{ id: number }>; at: Date },
) => Promise<{ auctionId: number; endsAt: Date }>;

export interface Pass {
  db: Db;
  registrar: Registrar;
  log: Logger;
  /** the current time, as opposed to the pass's instant `now` (a send's lease runs from its claim) */
  clock: Clock;
  openAuction: OpenAuction;
  now: Date;
  result: PassResult;
  /** transitions per transaction */
  chunkSize: number;
  /** registrar calls in flight at once, and sends claimed at once */
  concurrency: number;
  /** how long a claimed send belongs to its pass, from its claim, before another may recover it */
  claimLeaseMs: number;
  /** getPrice answers of this pass, by zone:currency:kind */
  prices: Map<string, bigint | null>;
  hit(step: FaultStep): Promise<void>;
}

export interface Item {
  id: number;
  /** looked up when an error is logged, if the caller did not read it (reading it costs in bulk) */
  fqdn?: string;
}

/**
 * Runs `run` over chunks of items, each chunk normally one transaction. A chunk that fails is run
 * again one item at a time, so one bad backorder is logged and skipped while the rest commit.
 */
export async function inChunks<T extends Item>(
  pass: Pass,
  items: T[],
  run: (chunk: T[]) => Promise<void>,
): Promise<void> {
  for (let i = 0; i < items.length; i += pass.chunkSize) {
    const chunk = items.slice(i, i + pass.chunkSize);
    try {
      await run(chunk);
    } catch (e) {
      if (e instanceof PassAborted) throw e;
      if (chunk.length === 1) {
        await itemFailed(pass, chunk[0]!, e);
        continue;
      }
      for (const item of chunk) {
        try {
          await run([item]);
        } catch (e2) {
          if (e2 instanceof PassAborted) throw e2;
          await itemFailed(pass, item, e2);
        }
      }
    }
  }
}

export async function itemFailed(pass: Pass, item: Item, e: unknown): Promise<void> {
  // Someone else (a concurrent pass, a cancel) moved it first: not an error, nothing left to do.
  if (e instanceof StaleBackorder) return;
  pass.result.errors++;
  const message = (e as Error)?.message ?? String(e);
  const fqdn =
    item.fqdn ??
    (await pass.db.prisma.backorder.findUnique({ where: { id: item.id }, select: { fqdn: true } }))?.fqdn;
  pass.log.error('lifecycle step failed', { backorderId: item.id, fqdn, error: e });
  await writeLog(pass.db.prisma, pass.now, { job: JOB, level: 'error', backorderId: item.id, fqdn, message });
}

/** getPrice, asked once per zone, currency and kind per pass (a pass activates thousands of one zone). */
export async function currentPrice(
  pass: Pass,
  tx: Tx,
  zone: string,
  currency: string,
  kind: BackorderKind,
): Promise<bigint | null> {
  const key = `${zone}:${currency}:${kind}`;
  if (!pass.prices.has(key)) pass.prices.set(key, await getPrice(tx, zone, currency, kind));
  return pass.prices.get(key) ?? null;
}
