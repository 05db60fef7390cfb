import type { Tx } from '../db/client.ts';
import { NotFound } from '../errors.ts';

/**
 * Serializes money decisions per customer: call first in every transaction that reads `available`
 * and then holds or charges against it, so two processes cannot both spend the same balance.
 *
 * A no-op UPDATE of the customer row works on both providers without knowing which one runs:
 * on PostgreSQL it takes the row lock (as SELECT … FOR UPDATE would) until commit, so a second
 * transaction waits here and then reads the first one's hold; on SQLite transactions already start
 * with BEGIN IMMEDIATE (src/db/client.ts) and hold the database write lock, so it costs one tiny
 * statement. It also proves the customer exists.
 */
export async function lockCustomer(tx: Tx, customerId: number): Promise<void> {
  // Not `SET "id" = "id"`: SQLite treats that as a key change and scans every referencing table.
  const n = await tx.$executeRaw`UPDATE "Customer" SET "updatedAt" = "updatedAt" WHERE "id" = ${customerId}`;
  if (n === 0) throw new NotFound('customer', customerId);
}
