import { expect } from 'vitest';
import { auctionsService } from '../../src/auctions/service.ts';
import { createLifecycle, type LifecycleOptions } from '../../src/backorders/lifecycle/engine.ts';
import { backordersService } from '../../src/backorders/service.ts';
import { deposit } from '../../src/billing/ledger.ts';
import { DAY, fixedClock } from '../../src/clock.ts';
import { createCustomer } from '../../src/customers/customers.ts';
import type { Db } from '../../src/db/client.ts';
import { parseDomainName } from '../../src/domain/domain-name.ts';
import { silentLogger } from '../../src/log.ts';
import { setPrice } from '../../src/pricing/prices.ts';
import type { Registrar } from '../../src/registrar/port.ts';
import { freshDb } from '../helpers/db.ts';
import { assertLedgerInvariant } from '../helpers/ledger.ts';
import { cnrUpstream } from './cnr-upstream.ts';
import { scriptedRegistrar } from './registrar-double.ts';

// One test's world: a fresh database, a clock, the scripted registrar (with a Lite class or without),
// .com at 10.00 USD (Lite 6.00 USD) / 9.00 EUR, and short ways to make customers, list drops, place
// backorders and run passes. With TEST_REGISTRAR=cnr (the `lifecycle on cnr` project of
// vitest.config.ts) the registrar's script is played by our CNR client against the CNR gateway fake
// instead of the in-memory double; CNR has a Lite class.

export const T0 = new Date('2027-03-01T12:00:00Z');
/** the drop most scenarios use: 2 days after T0, so the first pass at T0 + 1h activates */
export const DROP = new Date(T0.getTime() + 2 * DAY);
export const PRICE = 1000n;
export const LITE_PRICE = 600n;
export const settings = { AUCTION_STEP: 5, AUCTION_DAYS: 3, REGISTRAR: 'sandbox' as const };

/** the scenarios play on CNR (the `lifecycle on cnr` project) */
export const onCnr = process.env.TEST_REGISTRAR === 'cnr';

let names = 0;
/** a name no other test of the file uses */
export const uniqueName = (prefix = 'name') => `${prefix}-${++names}.com`;

export async function world(opts: { db?: Db; liteClass?: boolean } = {}) {
  const db = opts.db ?? (await freshDb());
  const clock = fixedClock(T0);
  const upstream = onCnr ? await cnrUpstream(clock) : scriptedRegistrar(clock, { liteClass: opts.liteClass });
  await setPrice(db.prisma, 'com', 'USD', PRICE, LITE_PRICE);
  await setPrice(db.prisma, 'com', 'EUR', 900n);
  const service = (registrar: Registrar = upstream.registrar) =>
    backordersService({ db, clock, log: silentLogger, registrar });
  let seq = 0;
  const backorders = service();

  async function topUp(customerId: number, amount: bigint, currency = 'USD'): Promise<void> {
    await db.tx((tx) =>
      deposit(tx, {
        customerId,
        amount,
        currency,
        idempotencyKey: `test:${customerId}:${++seq}`,
        at: clock.now(),
      }),
    );
  }

  /** puts the name in the drop list (as an import would) */
  async function list(fqdn: string, dropAt: Date = DROP): Promise<void> {
    const d = parseDomainName(fqdn);
    const row = {
      label: d.label,
      zone: d.zone,
      dropAt,
      length: d.length,
      letters: d.letters,
      digits: d.digits,
      hyphens: d.hyphens,
      idn: d.idn,
      importId: 1,
    };
    await db.prisma.dropDomain.upsert({
      where: { fqdn: d.fqdn },
      create: { fqdn: d.fqdn, ...row },
      update: row,
    });
  }

  function engine(o: Partial<LifecycleOptions> = {}) {
    return createLifecycle({
      db: o.db ?? db,
      registrar: o.registrar ?? upstream.registrar,
      log: silentLogger,
      clock,
      openAuction: auctionsService(o.db ?? db, settings).openAuction,
      ...o,
    });
  }

  async function events(kind?: string) {
    const rows = await db.prisma.outbox.findMany({ where: kind ? { kind } : {}, orderBy: { id: 'asc' } });
    return rows.map((r) => ({ ...r, payload: JSON.parse(r.payload) as Record<string, unknown> }));
  }

  const w = {
    db,
    clock,
    upstream,
    backorders,
    topUp,
    list,
    engine,
    events,

    async customer(funds: bigint, currency = 'USD'): Promise<number> {
      const c = await createCustomer(
        db.prisma,
        { name: `Customer ${++seq}`, currency },
        { currency, language: 'en' },
      );
      if (funds > 0n) await topUp(c.id, funds, currency);
      return c.id;
    },

    async unlist(fqdn: string): Promise<void> {
      await db.prisma.dropDomain.delete({ where: { fqdn } });
    },

    /** lists the name (unless dropAt is null) and places a backorder for it now */
    async place(
      customerId: number,
      fqdn: string,
      dropAt: Date | null = DROP,
      opts: { lite?: boolean } = {},
    ): Promise<number> {
      if (dropAt) await list(fqdn, dropAt);
      return (await backorders.place(customerId, fqdn, opts)).id;
    },

    /** one pass at `at` (the clock follows, so the registrar double sees the same instant) */
    async pass(at: Date, e: ReturnType<typeof engine> = engine()) {
      clock.set(at);
      return e.runPass(at);
    },

    bo: (id: number) => db.prisma.backorder.findUniqueOrThrow({ where: { id }, include: { hold: true } }),

    /** the events about one backorder, as kinds in order */
    async eventsOf(backorderId: number): Promise<string[]> {
      return (await events()).filter((e) => e.payload.backorderId === backorderId).map((e) => e.kind);
    },

    async invariant(): Promise<void> {
      const customers = await db.prisma.customer.findMany({ select: { id: true } });
      for (const c of customers) await assertLedgerInvariant(db, c.id);
    },

    /** every backorder reached the registrar at most once */
    expectOneApplicationEach(): void {
      for (const [reference, n] of upstream.perReference())
        expect({ reference, n }).toEqual({ reference, n: 1 });
    },
  };
  return w;
}

export type World = Awaited<ReturnType<typeof world>>;
