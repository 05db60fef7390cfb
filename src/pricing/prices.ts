import type { Prisma, Tx } from '../db/client.ts';
import { normaliseZone } from '../domain/domain-name.ts';
import type { BackorderKind } from '../domain/kind.ts';
import { isCurrency } from '../domain/money.ts';
import { InvalidInput } from '../errors.ts';

// Prices per (zone, currency) in minor units, a regular one and a Lite one. A stored 0 means "not
// offered", the same as no row: staff can switch a zone (or its Lite class) off without losing the
// row's history in the audit log.

type TxOrDb = Tx | Prisma;

export interface PriceRow {
  zone: string;
  currency: string;
  amount: bigint;
  /** the Backorder Lite price; 0 = Lite not offered */
  lite: bigint;
}

/** Validates and normalises a currency code (`usd` → `USD`); throws InvalidInput. */
export function normaliseCurrency(code: string): string {
  const c = code.trim().toUpperCase();
  if (!isCurrency(c))
    throw new InvalidInput(`"${code}" is not an ISO 4217 currency code`, { currency: code });
  return c;
}

/** The price of that kind in minor units, or null when it is not offered in that zone and currency. */
export async function getPrice(
  db: TxOrDb,
  zone: string,
  currency: string,
  kind: BackorderKind = 'regular',
): Promise<bigint | null> {
  const row = await db.price.findUnique({
    where: { zone_currency: { zone: normaliseZone(zone), currency: normaliseCurrency(currency) } },
    select: { amount: true, lite: true },
  });
  const amount = kind === 'lite' ? row?.lite : row?.amount;
  return amount !== undefined && amount > 0n ? amount : null;
}

/** `lite` left out keeps the Lite price as it is (none on a new row): changing a price never turns Lite on or off. */
export async function setPrice(
  db: TxOrDb,
  zone: string,
  currency: string,
  amount: bigint,
  lite?: bigint,
): Promise<PriceRow> {
  for (const a of [amount, lite])
    if (a !== undefined && a < 0n)
      throw new InvalidInput('a price cannot be negative', { amount: a.toString() });
  const key = { zone: normaliseZone(zone), currency: normaliseCurrency(currency) };
  const row = await db.price.upsert({
    where: { zone_currency: key },
    create: { ...key, amount, lite: lite ?? 0n },
    update: { amount, ...(lite === undefined ? {} : { lite }) },
  });
  return { zone: row.zone, currency: row.currency, amount: row.amount, lite: row.lite };
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
  return rows.map((r) => ({ zone: r.zone, currency: r.currency, amount: r.amount, lite: r.lite }));
}
