import { type Clock, MINUTE } from '../../clock.ts';
import type { Db, DbKind } from '../../db/client.ts';
import type { Logger } from '../../log.ts';
import type { Registrar } from '../../registrar/port.ts';
import { activateDue } from './activate.ts';
import { type Faults, PassAborted } from './faults.ts';
import { settleWaitingLite } from './lite-waiting.ts';
import { noticeLowBalance } from './low-balance.ts';
import type { OpenAuction, Pass, PassResult } from './pass.ts';
import { pollDue } from './poll.ts';
import { processDue } from './process.ts';
import { sendDue } from './send.ts';
import { sweepStale } from './sweep.ts';

// The lifecycle engine: one pass applies every transition due at `now`, in the order a backorder
// lives them, so one placed an hour before its drop is activated, processed and sent in one pass.
// Every transition commits with its ledger, audit-log and outbox rows; all of them are guarded by
// the status they expect, so a second pass, a concurrent one or a re-run after a crash finds nothing
// left to do for what is done.

export interface LifecycleOptions {
  db: Db;
  registrar: Registrar;
  log: Logger;
  /** read when a send is claimed: its lease runs from then, however long the pass has been running */
  clock: Clock;
  /** the auctions service's openAuction (called inside the catch transaction) */
  openAuction: OpenAuction;
  /** tests only: kill the pass at a named step */
  faults?: Faults;
  /** transitions per transaction (default CHUNK_SIZE of the database) */
  chunkSize?: number;
  /** registrar calls in flight at once, and sends claimed at once (default 8; the service: REGISTRAR_CONCURRENCY) */
  concurrency?: number;
  /**
   * How long a claimed send is left to its pass, from the moment it is claimed, before another pass
   * may recover it; must exceed the longest the registrar may take over one send (sendLeaseMs in
   * timing.ts). Default 5 minutes, one pass interval.
   */
  claimLeaseMs?: number;
}

/**
 * Transitions per transaction. A transaction of SQLite's holds the whole file's write lock, so it
 * stays short: the bots' writes wait for it. PostgreSQL locks the rows it changes (the chunk's
 * backorders and their customers), and each of a chunk's statements costs the pass a round trip and
 * Prisma's work on its list of ids: 10 000 activations and 10 000 sends took 5.1-5.5 s in chunks of
 * 500, 4.6-4.9 s in chunks of 2 000, where a staff cancel of one of them may wait some 0.3 s.
 */
const CHUNK_SIZE: Record<DbKind, number> = { sqlite: 500, postgresql: 2000 };

export type Lifecycle = ReturnType<typeof createLifecycle>;

export function createLifecycle(o: LifecycleOptions) {
  const { faults } = o;
  return {
    async runPass(now: Date): Promise<PassResult> {
      if (Number.isNaN(now.getTime())) throw new TypeError('runPass needs a valid instant');
      const pass: Pass = {
        db: o.db,
        registrar: o.registrar,
        log: o.log,
        clock: o.clock,
        openAuction: o.openAuction,
        now,
        result: {
          activated: 0,
          lowBalance: 0,
          processing: 0,
          sent: 0,
          caught: 0,
          failed: 0,
          auctions: 0,
          errors: 0,
        },
        chunkSize: o.chunkSize ?? CHUNK_SIZE[o.db.kind],
        concurrency: o.concurrency ?? 8,
        claimLeaseMs: o.claimLeaseMs ?? 5 * MINUTE,
        prices: new Map(),
        hit: async (step) => {
          if (!faults) return;
          try {
            await faults(step);
          } catch (e) {
            throw new PassAborted(step, e);
          }
        },
      };
      const short = await activateDue(pass);
      await noticeLowBalance(pass, short);
      await processDue(pass);
      await sendDue(pass);
      await pollDue(pass);
      await settleWaitingLite(pass);
      await sweepStale(pass);
      o.log.info('lifecycle pass done', { at: now.toISOString(), ...pass.result });
      return pass.result;
    },
  };
}
