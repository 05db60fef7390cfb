import { expect } from 'vitest';
import { balances } from '../../src/billing/ledger.ts';
import type { Db } from '../../src/db/client.ts';

// The money invariant, checked by summing the tables with plain SQL instead of the code under test:
// balance = Σ ledger, held = Σ HELD holds, unpaid = Σ UNPAID invoices, available = the rest; every
// captured hold has exactly one PAID invoice and one CAPTURE entry of minus its total, and no CAPTURE
// entry exists without its captured hold. Sums are cast to text so no driver rounds them via a float.

export async function assertLedgerInvariant(db: Db, customerId: number): Promise<void> {
  const p = db.prisma;
  const [sums] = await p.$queryRaw<Array<{ balance: string; held: string; unpaid: string }>>`
    SELECT
      CAST((SELECT COALESCE(SUM("amount"), 0) FROM "LedgerEntry" WHERE "customerId" = ${customerId}) AS TEXT) AS "balance",
      CAST((SELECT COALESCE(SUM("amount"), 0) FROM "Hold" WHERE "customerId" = ${customerId} AND "status" = 'HELD') AS TEXT) AS "held",
      CAST((SELECT COALESCE(SUM("total"), 0) FROM "Invoice" WHERE "customerId" = ${customerId} AND "status" = 'UNPAID') AS TEXT) AS "unpaid"`;
  const balance = BigInt(sums!.balance);
  const held = BigInt(sums!.held);
  const unpaid = BigInt(sums!.unpaid);
  const b = await balances(p, customerId);
  expect({ balance: b.balance, held: b.held, unpaid: b.unpaid, available: b.available }).toEqual({
    balance,
    held,
    unpaid,
    available: balance - held - unpaid,
  });

  const currencies = await p.$queryRaw<Array<{ currency: string }>>`
    SELECT "currency" FROM "LedgerEntry" WHERE "customerId" = ${customerId}
    UNION SELECT "currency" FROM "Hold" WHERE "customerId" = ${customerId}
    UNION SELECT "currency" FROM "Invoice" WHERE "customerId" = ${customerId}`;
  expect(currencies.map((c) => c.currency).filter((c) => c !== b.currency)).toEqual([]);

  const captures = await p.$queryRaw<Array<{ backorderId: number; invoices: string; entries: string }>>`
    SELECT h."backorderId" AS "backorderId",
      CAST((SELECT COUNT(*) FROM "Invoice" i
             WHERE i."backorderId" = h."backorderId" AND i."status" = 'PAID') AS TEXT) AS "invoices",
      CAST((SELECT COUNT(*) FROM "LedgerEntry" l JOIN "Invoice" i ON i."id" = l."invoiceId"
             WHERE l."backorderId" = h."backorderId" AND l."kind" = 'CAPTURE' AND l."amount" = -i."total") AS TEXT) AS "entries"
    FROM "Hold" h WHERE h."customerId" = ${customerId} AND h."status" = 'CAPTURED'`;
  for (const c of captures) {
    expect({ backorderId: Number(c.backorderId), invoices: c.invoices, entries: c.entries }).toEqual({
      backorderId: Number(c.backorderId),
      invoices: '1',
      entries: '1',
    });
  }
  const [orphans] = await p.$queryRaw<Array<{ n: string }>>`
    SELECT CAST(COUNT(*) AS TEXT) AS "n" FROM "LedgerEntry" l
    WHERE l."customerId" = ${customerId} AND l."kind" = 'CAPTURE'
      AND NOT EXISTS (SELECT 1 FROM "Hold" h WHERE h."backorderId" = l."backorderId" AND h."status" = 'CAPTURED')`;
  expect(orphans!.n).toBe('0');
}
