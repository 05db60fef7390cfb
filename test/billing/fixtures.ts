import type { Prisma } from '../../src/db/client.ts';

// Holds reference a backorder row; these tests need the row only, not the lifecycle around it.
let seq = 0;

export async function backorderFor(
  db: Prisma,
  customerId: number,
  currency = 'USD',
  price = 1000n,
): Promise<number> {
  seq++;
  const label = `name${seq}`;
  const row = await db.backorder.create({
    data: { customerId, fqdn: `${label}.com`, label, zone: 'com', status: 'ACTIVE', currency, price },
  });
  return row.id;
}
