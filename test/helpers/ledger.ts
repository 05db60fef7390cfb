import { expect } from 'vitest';
import type { Db } from '../../src/db/client.ts';
import { ledgerProblems } from './ledger-check.ts';

/** The money invariant (ledger-check.ts) for one customer: nothing may fail to add up. */
export async function assertLedgerInvariant(db: Db, customerId: number): Promise<void> {
  expect(await ledgerProblems(db, customerId)).toEqual([]);
}
