import { balancesMany, takeHold } from '../../billing/ledger.ts';
import type { DbKind, Tx } from '../../db/client.ts';
import { unnest } from '../../db/unnest.ts';
import { DomainError, NotFound } from '../../errors.ts';
import { Prisma } from '../../generated/sqlite/client.ts';
import { sqlTime } from '../records.ts';

// ledger.takeHold for many backorders in one transaction. Activation takes thousands of holds per
// pass and takeHold costs seven round trips each (10 000 took 24 s here, the whole pass may take 10);
// this takes them with a fixed handful of statements (a plain multi-row INSERT, not createMany).
// Same rules: the customers are locked first, `available` comes from the ledger (balancesMany), a
// backorder's HELD hold is reused as it is, and any other existing hold goes through takeHold
// itself. It belongs beside takeHold in src/billing/ledger.ts.

export interface HoldRequest {
  backorderId: number;
  customerId: number;
  amount: bigint;
  currency: string;
}

export interface HoldOutcome {
  taken: HoldRequest[];
  /** not held: the customer's available money (after the holds taken before it) is below the amount */
  short: Array<HoldRequest & { available: bigint }>;
}

/** Requests are served in the order given, so earlier drops get the money first. */
export async function takeHolds(
  tx: Tx,
  kind: DbKind,
  requests: HoldRequest[],
  at: Date,
): Promise<HoldOutcome> {
  const out: HoldOutcome = { taken: [], short: [] };
  if (requests.length === 0) return out;
  const customerIds = [...new Set(requests.map((r) => r.customerId))].sort((a, b) => a - b);
  // The portable row lock of billing/lock.ts, for all the customers at once. It rewrites a plain
  // column, not the key: on SQLite "id" = "id" counts as a key change and checks every table that
  // references Customer, scanning those without an index on the reference (Outbox, Bid).
  await tx.$executeRaw`UPDATE "Customer" SET "updatedAt" = "updatedAt" WHERE "id" IN (${Prisma.join(customerIds)})`;
  const existing = new Map(
    (await tx.hold.findMany({ where: { backorderId: { in: requests.map((r) => r.backorderId) } } })).map(
      (h) => [h.backorderId, h],
    ),
  );
  // Re-holds and conflicts are rare and subtle: the ledger decides them, before the balances below are read.
  const fresh: HoldRequest[] = [];
  for (const r of requests) {
    const hold = existing.get(r.backorderId);
    if (!hold) fresh.push(r);
    else if (hold.status === 'HELD') out.taken.push(r);
    else {
      await takeHold(tx, { ...r, at });
      out.taken.push(r);
    }
  }
  const balances = await balancesMany(tx, customerIds);
  const create: HoldRequest[] = [];
  for (const r of fresh) {
    const b = balances.get(r.customerId);
    if (!b) throw new NotFound('customer', r.customerId);
    if (r.amount <= 0n)
      throw new DomainError('INVALID_INPUT', `hold of backorder ${r.backorderId} must be positive`);
    if (b.currency !== r.currency.toUpperCase()) {
      throw new DomainError(
        'CURRENCY_MISMATCH',
        `customer ${r.customerId} pays in ${b.currency}, not ${r.currency}`,
        {
          customerId: r.customerId,
          currency: r.currency,
        },
      );
    }
    if (b.available >= r.amount) {
      b.available -= r.amount;
      create.push(r);
    } else {
      out.short.push({ ...r, available: b.available });
    }
  }
  if (create.length) {
    const t = sqlTime(kind, at);
    const rows =
      kind === 'postgresql'
        ? Prisma.sql`SELECT *, 'HELD', ${t}, ${t} FROM ${unnest([
            [create.map((r) => r.backorderId), 'int'],
            [create.map((r) => r.customerId), 'int'],
            [create.map((r) => r.currency.toUpperCase()), 'text'],
            [create.map((r) => String(r.amount)), 'bigint'],
          ])}`
        : Prisma.sql`VALUES ${Prisma.join(
            create.map(
              (r) =>
                Prisma.sql`(${r.backorderId}, ${r.customerId}, ${r.currency.toUpperCase()}, ${r.amount}, 'HELD', ${t}, ${t})`,
            ),
          )}`;
    await tx.$executeRaw`INSERT INTO "Hold" ("backorderId", "customerId", "currency", "amount", "status", "createdAt", "updatedAt")
      ${rows}`;
  }
  out.taken.push(...create);
  return out;
}
