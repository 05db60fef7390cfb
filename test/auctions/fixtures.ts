import { auctionsService } from '../../src/auctions/service.ts';
import { deposit, takeHold } from '../../src/billing/ledger.ts';
import { DAY } from '../../src/clock.ts';
import { createCustomer } from '../../src/customers/customers.ts';
import type { Db } from '../../src/db/client.ts';
import { assertLedgerInvariant } from '../helpers/ledger.ts';

// Auctions start where the lifecycle engine leaves the backorders: AUCTION-PENDING with a hold of
// the price snapshot. These helpers build that state directly, so the tests do not depend on it.

export const T0 = new Date('2026-12-01T12:00:00Z');
export const settings = { AUCTION_STEP: 5, AUCTION_DAYS: 3, REGISTRAR: 'sandbox' as const };

let seq = 0;
export const uniqueName = (prefix = 'caught') => `${prefix}${++seq}-${Date.now().toString(36)}.com`;

export async function customer(db: Db, funds: bigint, currency = 'USD'): Promise<number> {
  const c = await createCustomer(
    db.prisma,
    { name: `Bidder ${++seq}`, currency },
    { currency, language: 'en' },
  );
  if (funds > 0n) {
    await db.tx((tx) =>
      deposit(tx, { customerId: c.id, amount: funds, currency, idempotencyKey: `seed:${c.id}`, at: T0 }),
    );
  }
  return c.id;
}

/** A caught backorder waiting for its auction; `age` days before T0 orders the backorderers. */
export async function pendingBackorder(
  db: Db,
  customerId: number,
  fqdn: string,
  opts: { price?: bigint; ageDays: number },
): Promise<number> {
  const c = await db.prisma.customer.findUniqueOrThrow({ where: { id: customerId } });
  const price = opts.price ?? 5000n;
  const [label, ...zone] = fqdn.split('.');
  const createdAt = new Date(T0.getTime() - opts.ageDays * DAY);
  return db.tx(async (tx) => {
    const b = await tx.backorder.create({
      data: {
        customerId,
        fqdn,
        label: label!,
        zone: zone.join('.'),
        status: 'AUCTION-PENDING',
        currency: c.currency,
        price,
        openKey: `${customerId}:${fqdn}`,
        createdAt,
        updatedAt: createdAt,
      },
    });
    await takeHold(tx, { backorderId: b.id, customerId, amount: price, currency: c.currency, at: createdAt });
    return b.id;
  });
}

export function auctions(db: Db) {
  return auctionsService(db, settings);
}

export function open(db: Db, fqdn: string, backorderIds: number[], at = T0) {
  return db.tx((tx) =>
    auctions(db).openAuction(tx, { fqdn, backorders: backorderIds.map((id) => ({ id })), at }),
  );
}

/** The outbox events of one kind about one name. */
export async function outbox(db: Db, kind: string, fqdn: string) {
  const rows = await db.prisma.outbox.findMany({ where: { kind }, orderBy: { id: 'asc' } });
  return rows
    .map((r) => ({
      customerId: r.customerId,
      audience: r.audience,
      dedupeKey: r.dedupeKey,
      payload: JSON.parse(r.payload),
    }))
    .filter((r) => r.payload.fqdn === fqdn);
}

export async function hold(db: Db, backorderId: number) {
  return db.prisma.hold.findUniqueOrThrow({ where: { backorderId } });
}

export async function invariant(db: Db, ...customerIds: number[]) {
  for (const id of customerIds) await assertLedgerInvariant(db, id);
}
