import { balances } from '../../src/billing/ledger.ts';
import type { Db } from '../../src/db/client.ts';

// The money invariant, checked by summing the tables with plain SQL instead of the code under test:
// balance = Σ ledger, held = Σ HELD holds, unpaid = Σ UNPAID invoices, available = the rest; every
// captured hold has exactly one PAID invoice and one CAPTURE entry of minus its total, and no CAPTURE
// entry exists without its captured hold. Sums are cast to text so no driver rounds them via a float.
// Returns what does not add up (nothing when all is well), for a test and for `npm run chaos`.

export async function ledgerProblems(db: Db, customerId: number): Promise<string[]> {
  const p = db.prisma;
  const problems: string[] = [];
  const [sums] = await p.$queryRaw<Array<{ balance: string; held: string; unpaid: string }>>`
    SELECT
      CAST((SELECT COALESCE(SUM("amount"), 0) FROM "LedgerEntry" WHERE "customerId" = ${customerId}) AS TEXT) AS "balance",
      CAST((SELECT COALESCE(SUM("amount"), 0) FROM "Hold" WHERE "customerId" = ${customerId} AND "status" = 'HELD') AS TEXT) AS "held",
      CAST((SELECT COALESCE(SUM("total"), 0) FROM "Invoice" WHERE "customerId" = ${customerId} AND "status" = 'UNPAID') AS TEXT) AS "unpaid"`;
  const balance = BigInt(sums!.balance);
  const held = BigInt(sums!.held);
  const unpaid = BigInt(sums!.unpaid);
  const b = await balances(p, customerId);
  const expected = { balance, held, unpaid, available: balance - held - unpaid };
  for (const k of Object.keys(expected) as Array<keyof typeof expected>) {
    if (b[k] !== expected[k])
      problems.push(`customer ${customerId}: ${k} ${b[k]}, the tables say ${expected[k]}`);
  }

  const currencies = await p.$queryRaw<Array<{ currency: string }>>`
    SELECT "currency" FROM "LedgerEntry" WHERE "customerId" = ${customerId}
    UNION SELECT "currency" FROM "Hold" WHERE "customerId" = ${customerId}
    UNION SELECT "currency" FROM "Invoice" WHERE "customerId" = ${customerId}`;
  for (const c of currencies.map((r) => r.currency).filter((c) => c !== b.currency))
    problems.push(`customer ${customerId}: money in ${c} beside the account's ${b.currency}`);

  const captures = await p.$queryRaw<Array<{ backorderId: number; invoices: string; entries: string }>>`
    SELECT h."backorderId" AS "backorderId",
      CAST((SELECT COUNT(*) FROM "Invoice" i
             WHERE i."backorderId" = h."backorderId" AND i."status" = 'PAID') AS TEXT) AS "invoices",
      CAST((SELECT COUNT(*) FROM "LedgerEntry" l JOIN "Invoice" i ON i."id" = l."invoiceId"
             WHERE l."backorderId" = h."backorderId" AND l."kind" = 'CAPTURE' AND l."amount" = -i."total") AS TEXT) AS "entries"
    FROM "Hold" h WHERE h."customerId" = ${customerId} AND h."status" = 'CAPTURED'`;
  for (const c of captures) {
    if (c.invoices !== '1' || c.entries !== '1')
      problems.push(
        `backorder ${Number(c.backorderId)}: captured with ${c.invoices} paid invoices and ${c.entries} capture entries`,
      );
  }
  const [orphans] = await p.$queryRaw<Array<{ n: string }>>`
    SELECT CAST(COUNT(*) AS TEXT) AS "n" FROM "LedgerEntry" l
    WHERE l."customerId" = ${customerId} AND l."kind" = 'CAPTURE'
      AND NOT EXISTS (SELECT 1 FROM "Hold" h WHERE h."backorderId" = l."backorderId" AND h."status" = 'CAPTURED')`;
  if (orphans!.n !== '0')
    problems.push(`customer ${customerId}: ${orphans!.n} capture entries without a captured hold`);
  return problems;
}
