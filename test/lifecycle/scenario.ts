import { expect } from 'vitest';
import { balances } from '../../src/billing/ledger.ts';
import { DAY, HOUR, MINUTE } from '../../src/clock.ts';
import { DROP, T0, type World } from './world.ts';

// One scenario that walks through every step of the engine, for the crash and concurrency tests:
// a single catch, a contested catch (auction), a lost name, and a customer without funds (notice,
// then swept 2 days after the drop). `snapshot` is the state that must come out the same however
// the passes were interrupted or overlapped.

export const TIMELINE = [
  new Date(T0.getTime() + HOUR), // activation, low balance
  new Date(DROP.getTime() - HOUR), // processing, send
  new Date(DROP.getTime() - HOUR + 5 * MINUTE), // a claimed send's lease has run out: recovery
  new Date(DROP.getTime() + 10 * MINUTE), // results
  new Date(DROP.getTime() + 15 * MINUTE),
  new Date(DROP.getTime() + 2 * DAY + HOUR), // stale sweep
];

export async function setUp(w: World): Promise<void> {
  const [a, b, c, d, e] = [
    await w.customer(5000n),
    await w.customer(0n),
    await w.customer(5000n),
    await w.customer(5000n),
    await w.customer(5000n),
  ];
  await w.place(a, 'single.com');
  await w.place(b, 'poor.com');
  await w.place(c, 'shared.com');
  await w.place(d, 'shared.com');
  await w.place(e, 'lost.com');
  w.upstream.outcome('single.com', 'SUCCESSFUL');
  w.upstream.outcome('shared.com', 'SUCCESSFUL');
  w.upstream.outcome('lost.com', 'FAILED');
}

export async function snapshot(w: World) {
  const p = w.db.prisma;
  const backorders = await p.backorder.findMany({ orderBy: { id: 'asc' }, include: { hold: true } });
  const customers = await p.customer.findMany({ orderBy: { id: 'asc' } });
  const outbox = await p.outbox.findMany({ orderBy: { dedupeKey: 'asc' } });
  return {
    backorders: backorders.map((b) => ({
      customer: b.customerId,
      fqdn: b.fqdn,
      status: b.status,
      applicationState: b.applicationState,
      registrarRef: b.registrarRef !== null,
      hold: b.hold && { amount: b.hold.amount, status: b.hold.status },
      invoiced: b.invoiceId !== null,
      inAuction: b.auctionId !== null,
    })),
    balances: await Promise.all(customers.map((c) => balances(p, c.id))),
    lowBalanceNotifiedAt: customers.map((c) => c.lowBalanceNotifiedAt),
    outbox: outbox.map((o) => `${o.kind} ${o.dedupeKey}`),
    invoices: await p.invoice.count(),
    owned: (await p.ownedDomain.findMany({ orderBy: { id: 'asc' } })).map((o) => `${o.customerId} ${o.fqdn}`),
    auctions: (await p.auction.findMany({ orderBy: { id: 'asc' } })).map((a) => `${a.fqdn} ${a.status}`),
    bids: await p.bid.count(),
    applications: [...w.upstream.perReference().values()],
  };
}

/** What every run must also satisfy on its own, beside equalling the undisturbed run. */
export async function expectSound(w: World): Promise<void> {
  await w.invariant();
  w.expectOneApplicationEach();
  // Each customer hears of each status change of a backorder once.
  const events = await w.events();
  const seen = new Set<string>();
  for (const e of events) {
    if (e.audience !== 'CUSTOMER' || e.kind === 'balance.low') continue;
    const key = `${e.kind} ${String(e.payload.backorderId)}`;
    expect(seen.has(key), key).toBe(false);
    seen.add(key);
  }
  // Low-balance notices: at least 24 hours apart per customer.
  const notices = events.filter((e) => e.kind === 'balance.low');
  expect(notices.length).toBeGreaterThan(0);
  for (const [i, n] of notices.entries()) {
    const earlier = notices
      .slice(0, i)
      .filter((m) => m.customerId === n.customerId)
      .at(-1);
    if (earlier) expect(n.createdAt.getTime() - earlier.createdAt.getTime()).toBeGreaterThanOrEqual(DAY);
  }
}
