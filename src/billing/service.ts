import { randomUUID } from 'node:crypto';
import { writeLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import { findCustomer, getCustomer } from '../customers/customers.ts';
import type { Db } from '../db/client.ts';
import { formatAmount, parseAmount } from '../domain/money.ts';
import { normaliseCurrency } from '../pricing/prices.ts';
import { balances, balancesMany, deposit, ledgerOf } from './ledger.ts';

// Money as the edges (CLI, Slack, payment providers) use it. Holds and captures are the lifecycle
// engine's, called inside its own transactions (src/billing/ledger.ts).

export interface CreditInput {
  /** id, `platform:externalId` or exact name */
  customer: number | string;
  /** minor units, or a decimal string in the currency ("12.50") */
  amount: bigint | string;
  currency: string;
  note?: string;
  actor: string;
  /** a payment provider's id makes a re-delivered payment a no-op; staff credits get a fresh one */
  idempotencyKey?: string;
}

export function billingService(db: Db, clock: Clock) {
  return {
    credit(c: CreditInput) {
      const idempotencyKey = c.idempotencyKey ?? `credit:${randomUUID()}`;
      return db.tx(async (tx) => {
        const customer =
          typeof c.customer === 'number'
            ? await getCustomer(tx, c.customer)
            : await findCustomer(tx, c.customer);
        const currency = normaliseCurrency(c.currency);
        const amount = typeof c.amount === 'bigint' ? c.amount : parseAmount(c.amount, currency);
        const at = clock.now();
        const note = c.note?.trim() || undefined;
        const r = await deposit(tx, {
          customerId: customer.id,
          amount,
          currency,
          idempotencyKey,
          actor: c.actor,
          note,
          at,
        });
        if (r.created) {
          await writeLog(tx, at, {
            job: 'credit',
            message: `credited ${formatAmount(amount, currency)} ${currency} to customer ${customer.id} "${customer.name}"${note ? `: ${note}` : ''}`,
            actor: c.actor,
          });
        }
        return { ...r, customer, balances: await balances(tx, customer.id) };
      });
    },
    balances: (customerId: number) => balances(db.prisma, customerId),
    balancesMany: (customerIds: number[]) => balancesMany(db.prisma, customerIds),
    ledger: (customerId: number, opts: { limit?: number } = {}) => ledgerOf(db.prisma, customerId, opts),
  };
}
