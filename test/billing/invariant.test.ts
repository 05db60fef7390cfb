import { beforeAll, expect, it } from 'vitest';
import {
  balances,
  captureHold,
  deposit,
  raiseHold,
  releaseHold,
  takeHold,
} from '../../src/billing/ledger.ts';
import { createCustomer } from '../../src/customers/customers.ts';
import type { Db } from '../../src/db/client.ts';
import { isDomainError } from '../../src/errors.ts';
import { freshDb } from '../helpers/db.ts';
import { assertLedgerInvariant } from '../helpers/ledger.ts';
import { backorderFor } from './fixtures.ts';

// A seeded random walk over every ledger operation, including replays of earlier ones (a re-run pass).
// After each step the stored balances must match both a model kept here and the raw-SQL sums.

let db: Db;
beforeAll(async () => {
  db = await freshDb();
});

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Model {
  balance: bigint;
  holds: Map<number, { amount: bigint; status: 'HELD' | 'RELEASED' | 'CAPTURED' }>;
}

it('balances agree with the model and the raw sums after 300 random operations', async () => {
  const rnd = prng(20260301);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const amount = () => BigInt(1 + Math.floor(rnd() * 2000));
  const at = new Date('2026-03-01T00:00:00Z');
  const customers: Array<{ id: number; currency: string; backorders: number[]; model: Model }> = [];
  for (const currency of ['USD', 'EUR', 'JPY']) {
    const c = await createCustomer(
      db.prisma,
      { name: `walk ${currency}`, currency },
      { currency, language: 'en' },
    );
    const backorders: number[] = [];
    for (let i = 0; i < 8; i++) backorders.push(await backorderFor(db.prisma, c.id, currency));
    customers.push({ id: c.id, currency, backorders, model: { balance: 0n, holds: new Map() } });
  }
  const done: Array<() => Promise<void>> = [];
  let refused = 0;
  let step = 0;

  for (let i = 0; i < 300; i++) {
    const c = pick(customers);
    const m = c.model;
    const bo = pick(c.backorders);
    const kind = rnd();
    const heldNow = () =>
      [...m.holds.values()].filter((h) => h.status === 'HELD').reduce((s, h) => s + h.amount, 0n);
    let op: () => Promise<void>;
    if (kind < 0.25) {
      const a = amount();
      const key = `walk:${step++}`;
      op = async () => {
        const r = await db.tx((tx) =>
          deposit(tx, { customerId: c.id, amount: a, currency: c.currency, idempotencyKey: key, at }),
        );
        if (r.created) m.balance += a;
      };
    } else if (kind < 0.5) {
      const a = amount();
      op = async () => {
        const before = m.holds.get(bo);
        const r = await db.tx((tx) =>
          takeHold(tx, { backorderId: bo, customerId: c.id, amount: a, currency: c.currency, at }),
        );
        expect(r.created).toBe(before?.status !== 'HELD');
        if (r.created) m.holds.set(bo, { amount: a, status: 'HELD' });
        else expect(r.hold.amount).toBe(before!.amount);
      };
    } else if (kind < 0.6) {
      const extra = amount();
      op = async () => {
        const h = await db.tx((tx) =>
          raiseHold(tx, { backorderId: bo, amount: (m.holds.get(bo)?.amount ?? 0n) + extra, at }),
        );
        m.holds.set(bo, { amount: h.amount, status: 'HELD' });
      };
    } else if (kind < 0.8) {
      op = async () => {
        const released = await db.tx((tx) => releaseHold(tx, { backorderId: bo, at }));
        const h = m.holds.get(bo);
        expect(released).toBe(h?.status === 'HELD' ? h.amount : null);
        if (h?.status === 'HELD') h.status = 'RELEASED';
      };
    } else {
      const premium = rnd() < 0.3 ? amount() : 0n;
      op = async () => {
        const h = m.holds.get(bo);
        const total = h?.status === 'HELD' ? h.amount + premium : undefined;
        const r = await db.tx((tx) =>
          captureHold(tx, {
            backorderId: bo,
            amount: total,
            description: `FULL BACKORDER: walk${bo}.com`,
            at,
          }),
        );
        if (r.created) {
          m.balance -= r.invoice.total;
          expect(r.invoice.total).toBe(total);
          h!.status = 'CAPTURED';
        } else {
          expect(h?.status).toBe('CAPTURED');
        }
      };
    }
    const run = async () => {
      const expectedAvailable = m.balance - heldNow();
      try {
        await op();
      } catch (e) {
        if (!isDomainError(e) || !['INSUFFICIENT_FUNDS', 'CONFLICT', 'NOT_FOUND'].includes(e.code)) throw e;
        if (e.code === 'INSUFFICIENT_FUNDS') {
          expect(BigInt(e.details.available!.toString().replace('.', ''))).toBe(
            expectedAvailable > 0n ? expectedAvailable : 0n,
          );
        }
        refused++;
      }
    };
    await run();
    // Replaying an earlier operation now and then must not move any money it already moved.
    if (rnd() < 0.2 && done.length) await pick(done)();
    done.push(run);

    const b = await balances(db.prisma, c.id);
    expect(b.balance).toBe(m.balance);
    expect(b.held).toBe(heldNow());
    expect(b.available).toBeGreaterThanOrEqual(0n);
    if (i % 25 === 0) for (const x of customers) await assertLedgerInvariant(db, x.id);
  }
  for (const x of customers) await assertLedgerInvariant(db, x.id);
  // The walk must actually exercise refusals and captures, or it proves little.
  expect(refused).toBeGreaterThan(10);
  expect(await db.prisma.invoice.count()).toBeGreaterThan(3);
});
