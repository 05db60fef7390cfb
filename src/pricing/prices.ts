import type { Prisma, Tx } from '../db/client.ts';
import { normaliseZone } from '../domain/domain-name.ts';
import { isCurrency } from '../domain/money.ts';
import { InvalidInput } from '../errors.ts';

// Prices per (zone, currency) in minor units. A stored 0 means "not offered", the same as no row:
// staff can switch a zone off without losing the row's history in the audit log.

type TxOrDb = Tx | Prisma;

export interface PriceRow {
  zone: string;
  currency: string;
  amount: bigint;
}

/** Validates and normalises a currency code (`usd` → `USD`); throws InvalidInput. */
export function normaliseCurrency(code: string): string {
  const c = code.trim().toUpperCase();
  if (!isCurrency(c))
    throw new InvalidInput(`"${code}" is not an ISO 4217 currency code`, { currency: code });
  return c;
}

/** The price in minor units, or null when the zone is not offered in that currency. */
export async function getPrice(db: TxOrDb, zone: string, currency: string): Promise<bigint | null> {
  const row = await db.price.findUnique({
    where: { zone_currency: { zone: normaliseZone(zone), currency: normaliseCurrency(currency) } },
    select: { amount: true },
  });
  return row && row.amount > 0n ? row.amount : null;
}

export async function setPrice(
  db: TxOrDb,
  zone: string,
  currency: string,
  amount: bigint,
): Promise<PriceRow> {
  if (amount < 0n) throw new InvalidInput('a price cannot be negative', { amount: amount.toString() });
  const key = { zone: normaliseZone(zone), currency: normaliseCurrency(currency) };
  const row = await db.price.upsert({
    where: { zone_currency: key },
    create: { ...key, amount },
    update: { amount },
  });
  return { zone: row.zone, currency: row.currency, amount: row.amount };
}

/** Deletes the zone's price in one currency, or in every currency; returns how many rows went. */
export async function deletePrice(db: TxOrDb, zone: string, currency?: string): Promise<number> {
  const { count } = await db.price.deleteMany({
    where: { zone: normaliseZone(zone), ...(currency ? { currency: normaliseCurrency(currency) } : {}) },
  });
  return count;
}

/** Every stored row, including 0 (not offered), so staff see what they switched off. */
export async function listPrices(db: TxOrDb): Promise<PriceRow[]> {
  const rows = await db.price.findMany({ orderBy: [{ zone: 'asc' }, { currency: 'asc' }] });
  return rows.map((r) => ({ zone: r.zone, currency: r.currency, amount: r.amount }));
}
