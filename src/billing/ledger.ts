import type { Prisma, Tx } from '../db/client.ts';
import { formatAmount } from '../domain/money.ts';
import { DomainError, InsufficientFunds, InvalidInput, NotFound } from '../errors.ts';
import { lockCustomer } from './lock.ts';

// The prepaid ledger. LedgerEntry rows are append-only (balance = their sum); holds reserve money
// for one backorder each; invoices record what was charged. Every amount is bigint minor units in
// the customer's one currency. Functions taking `tx` must run inside db.tx(); they write no audit
// log row themselves: the caller logs the business step (credit, activation, catch…) they belong to.

type TxOrDb = Tx | Prisma;

export type LedgerKind = 'DEPOSIT' | 'CAPTURE' | 'REFUND' | 'ADJUSTMENT';
export type HoldStatus = 'HELD' | 'RELEASED' | 'CAPTURED';
export type InvoiceStatus = 'UNPAID' | 'PAID' | 'CANCELLED';

export interface Balances {
  currency: string;
  /** Σ ledger */
  balance: bigint;
  /** Σ HELD holds */
  held: bigint;
  /** Σ UNPAID invoices */
  unpaid: bigint;
  /** balance − held − unpaid (negative only if staff changed money by hand) */
  available: bigint;
}

function positive(amount: bigint, what: string): void {
  if (typeof amount !== 'bigint' || amount <= 0n) {
    throw new InvalidInput(`${what} must be a positive amount of minor units`, { amount: String(amount) });
  }
}

function currencyMismatch(given: string, customerId: number, expected: string): DomainError {
  return new DomainError('CURRENCY_MISMATCH', `customer ${customerId} pays in ${expected}, not ${given}`, {
    currency: given,
    expected,
    customerId,
  });
}

async function customerCurrency(db: TxOrDb, customerId: number): Promise<string> {
  const c = await db.customer.findUnique({ where: { id: customerId }, select: { currency: true } });
  if (!c) throw new NotFound('customer', customerId);
  return c.currency;
}

export interface DepositInput {
  customerId: number;
  amount: bigint;
  currency: string;
  /** the same key again returns the first entry and changes nothing */
  idempotencyKey: string;
  kind?: 'DEPOSIT' | 'REFUND' | 'ADJUSTMENT';
  actor?: string;
  note?: string;
  reference?: string;
  at: Date;
}

export async function deposit(tx: Tx, d: DepositInput) {
  positive(d.amount, 'a deposit');
  if (!d.idempotencyKey) throw new InvalidInput('a deposit needs an idempotency key');
  await lockCustomer(tx, d.customerId);
  const existing = await tx.ledgerEntry.findUnique({ where: { idempotencyKey: d.idempotencyKey } });
  if (existing) {
    // A reused key with different content is a caller bug; silently returning would lose money.
    if (
      existing.customerId !== d.customerId ||
      existing.amount !== d.amount ||
      existing.currency !== d.currency.toUpperCase()
    ) {
      throw new DomainError('CONFLICT', `idempotency key ${d.idempotencyKey} was used for another entry`, {
        idempotencyKey: d.idempotencyKey,
      });
    }
    return { entry: existing, created: false };
  }
  const currency = await customerCurrency(tx, d.customerId);
  if (d.currency.toUpperCase() !== currency) throw currencyMismatch(d.currency, d.customerId, currency);
  const entry = await tx.ledgerEntry.create({
    data: {
      customerId: d.customerId,
      currency,
      amount: d.amount,
      kind: d.kind ?? 'DEPOSIT',
      idempotencyKey: d.idempotencyKey,
      reference: d.reference ?? null,
      actor: d.actor ?? null,
      note: d.note ?? null,
      createdAt: d.at,
    },
  });
  return { entry, created: true };
}

export async function balances(db: TxOrDb, customerId: number): Promise<Balances> {
  const currency = await customerCurrency(db, customerId);
  const ledger = await db.ledgerEntry.aggregate({ where: { customerId, currency }, _sum: { amount: true } });
  const held = await db.hold.aggregate({
    where: { customerId, currency, status: 'HELD' },
    _sum: { amount: true },
  });
  const unpaid = await db.invoice.aggregate({
    where: { customerId, currency, status: 'UNPAID' },
    _sum: { total: true },
  });
  return derive(currency, ledger._sum.amount ?? 0n, held._sum.amount ?? 0n, unpaid._sum.total ?? 0n);
}

function derive(currency: string, balance: bigint, held: bigint, unpaid: bigint): Balances {
  return { currency, balance, held, unpaid, available: balance - held - unpaid };
}

function sums<R extends { customerId: number; currency: string }>(rows: R[], sum: (r: R) => bigint | null) {
  return new Map(rows.map((r) => [`${r.customerId}:${r.currency}`, sum(r) ?? 0n]));
}

/** Balances of many customers in four queries (for lists); unknown ids are absent from the map. */
export async function balancesMany(db: TxOrDb, customerIds: number[]): Promise<Map<number, Balances>> {
  const ids = [...new Set(customerIds)];
  const out = new Map<number, Balances>();
  if (ids.length === 0) return out;
  const customers = await db.customer.findMany({
    where: { id: { in: ids } },
    select: { id: true, currency: true },
  });
  const where = { customerId: { in: ids } };
  const ledger = sums(
    await db.ledgerEntry.groupBy({ by: ['customerId', 'currency'], where, _sum: { amount: true } }),
    (r) => r._sum.amount,
  );
  const held = sums(
    await db.hold.groupBy({
      by: ['customerId', 'currency'],
      where: { ...where, status: 'HELD' },
      _sum: { amount: true },
    }),
    (r) => r._sum.amount,
  );
  const unpaid = sums(
    await db.invoice.groupBy({
      by: ['customerId', 'currency'],
      where: { ...where, status: 'UNPAID' },
      _sum: { total: true },
    }),
    (r) => r._sum.total,
  );
  for (const c of customers) {
    const k = `${c.id}:${c.currency}`;
    out.set(c.id, derive(c.currency, ledger.get(k) ?? 0n, held.get(k) ?? 0n, unpaid.get(k) ?? 0n));
  }
  return out;
}

function insufficient(needed: bigint, available: bigint, currency: string): InsufficientFunds {
  return new InsufficientFunds(
    formatAmount(needed, currency),
    formatAmount(available > 0n ? available : 0n, currency),
    currency,
  );
}

export interface TakeHoldInput {
  backorderId: number;
  customerId: number;
  amount: bigint;
  currency: string;
  at: Date;
}

/**
 * Reserves `amount` for one backorder. Idempotent per backorder: a HELD hold is returned as it is.
 * A RELEASED hold (the backorder left its activation window and came back) is held again with the
 * new amount; a CAPTURED one is a conflict. InsufficientFunds when available < amount.
 */
export async function takeHold(tx: Tx, h: TakeHoldInput) {
  positive(h.amount, 'a hold');
  await lockCustomer(tx, h.customerId);
  const existing = await tx.hold.findUnique({ where: { backorderId: h.backorderId } });
  if (existing?.status === 'HELD') return { hold: existing, created: false };
  if (existing?.status === 'CAPTURED') {
    throw new DomainError('CONFLICT', `backorder ${h.backorderId} was already charged`, {
      backorderId: h.backorderId,
    });
  }
  const b = await balances(tx, h.customerId);
  if (h.currency.toUpperCase() !== b.currency) throw currencyMismatch(h.currency, h.customerId, b.currency);
  if (b.available < h.amount) throw insufficient(h.amount, b.available, b.currency);
  const hold = existing
    ? await tx.hold.update({
        where: { id: existing.id },
        data: {
          customerId: h.customerId,
          currency: b.currency,
          amount: h.amount,
          status: 'HELD',
          updatedAt: h.at,
        },
      })
    : await tx.hold.create({
        data: {
          backorderId: h.backorderId,
          customerId: h.customerId,
          currency: b.currency,
          amount: h.amount,
          status: 'HELD',
          createdAt: h.at,
          updatedAt: h.at,
        },
      });
  return { hold, created: true };
}

/**
 * Locks the customer behind a backorder's hold, then reads the hold: read before the lock, a
 * concurrent raise or capture on PostgreSQL could act on a stale amount or status.
 */
async function lockedHold(tx: Tx, backorderId: number) {
  const owner = await tx.hold.findUnique({ where: { backorderId }, select: { customerId: true } });
  if (!owner) return null;
  await lockCustomer(tx, owner.customerId);
  return tx.hold.findUniqueOrThrow({ where: { backorderId } });
}

function mustBeHeld<T extends { status: string }>(hold: T | null, backorderId: number): T {
  if (!hold) throw new NotFound('hold of backorder', backorderId);
  if (hold.status !== 'HELD') {
    throw new DomainError('CONFLICT', `the hold of backorder ${backorderId} is ${hold.status}`, {
      backorderId,
      status: hold.status,
    });
  }
  return hold;
}

/**
 * Raises a HELD hold to a new total (an auction bid); only the difference must be available.
 * A total at or below the current one changes nothing, so a repeated call is harmless.
 */
export async function raiseHold(tx: Tx, r: { backorderId: number; amount: bigint; at: Date }) {
  positive(r.amount, 'a hold');
  const hold = mustBeHeld(await lockedHold(tx, r.backorderId), r.backorderId);
  if (r.amount <= hold.amount) return hold;
  const b = await balances(tx, hold.customerId);
  const extra = r.amount - hold.amount;
  if (b.available < extra) throw insufficient(extra, b.available, b.currency);
  return tx.hold.update({ where: { id: hold.id }, data: { amount: r.amount, updatedAt: r.at } });
}

/** Frees a HELD hold; returns the amount freed, or null when nothing was held (so re-runs are no-ops). */
export async function releaseHold(tx: Tx, r: { backorderId: number; at: Date }): Promise<bigint | null> {
  const { count } = await tx.hold.updateMany({
    where: { backorderId: r.backorderId, status: 'HELD' },
    data: { status: 'RELEASED', updatedAt: r.at },
  });
  if (count === 0) return null;
  const hold = await tx.hold.findUniqueOrThrow({ where: { backorderId: r.backorderId } });
  return hold.amount;
}

export interface InvoiceLine {
  description: string;
  /** minor units as a decimal string (bigint is not JSON) */
  amount: string;
}

export interface CaptureInput {
  backorderId: number;
  /** default: the held amount; more (an auction premium) must be available beyond the hold */
  amount?: bigint;
  /** e.g. "FULL BACKORDER: example.com" */
  description: string;
  at: Date;
}

/** BO-2026-000123: the year of issue and the invoice's row id, so numbers never collide. */
export function invoiceNumber(at: Date, id: number): string {
  return `BO-${at.getUTCFullYear()}-${String(id).padStart(6, '0')}`;
}

/**
 * Charges a backorder: a PAID invoice, a CAPTURE ledger entry (−amount) and the hold CAPTURED, all
 * in the caller's transaction. Idempotent: once invoiced, the same invoice comes back, created false.
 */
export async function captureHold(tx: Tx, c: CaptureInput) {
  const locked = await lockedHold(tx, c.backorderId);
  const done = await tx.invoice.findUnique({ where: { backorderId: c.backorderId } });
  if (done) return { invoice: done, created: false };
  const hold = mustBeHeld(locked, c.backorderId);
  const amount = c.amount ?? hold.amount;
  positive(amount, 'a capture');
  if (amount > hold.amount) {
    const b = await balances(tx, hold.customerId);
    const extra = amount - hold.amount;
    if (b.available < extra) throw insufficient(extra, b.available, b.currency);
  }
  const lines: InvoiceLine[] = [{ description: c.description, amount: amount.toString() }];
  // The number derives from the row id, known only after the insert; the placeholder is unique
  // because Invoice.backorderId is.
  const draft = await tx.invoice.create({
    data: {
      number: `draft:${c.backorderId}`,
      customerId: hold.customerId,
      currency: hold.currency,
      lines: JSON.stringify(lines),
      total: amount,
      status: 'PAID',
      backorderId: c.backorderId,
      createdAt: c.at,
      paidAt: c.at,
    },
  });
  const invoice = await tx.invoice.update({
    where: { id: draft.id },
    data: { number: invoiceNumber(c.at, draft.id) },
  });
  await tx.ledgerEntry.create({
    data: {
      customerId: hold.customerId,
      currency: hold.currency,
      amount: -amount,
      kind: 'CAPTURE',
      idempotencyKey: `capture:${c.backorderId}`,
      reference: invoice.number,
      backorderId: c.backorderId,
      invoiceId: invoice.id,
      createdAt: c.at,
    },
  });
  await tx.hold.update({ where: { id: hold.id }, data: { status: 'CAPTURED', updatedAt: c.at } });
  return { invoice, created: true };
}

/** The customer's ledger, newest first, for display. */
export async function ledgerOf(db: TxOrDb, customerId: number, opts: { limit?: number } = {}) {
  return db.ledgerEntry.findMany({
    where: { customerId },
    orderBy: { id: 'desc' },
    take: Math.min(Math.max(opts.limit ?? 20, 1), 1000),
  });
}
