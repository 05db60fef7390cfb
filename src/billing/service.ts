import { randomUUID } from 'node:crypto';
import { writeLog } from '../audit/audit-log.ts';
import { type Clock, MINUTE } from '../clock.ts';
import { findCustomer, getCustomer } from '../customers/customers.ts';
import type { Db, Tx } from '../db/client.ts';
import { formatMoney, parseAmount } from '../domain/money.ts';
import { InvalidInput } from '../errors.ts';
import { normaliseCurrency } from '../pricing/prices.ts';
import { balances, balancesMany, deposit, ledgerOf } from './ledger.ts';
import {
  alertUncredited,
  markCredited,
  paymentKey,
  type ReceivedPayment,
  receivePayment,
  uncreditedPayments,
} from './payments.ts';

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

/**
 * The `payments` job leaves a payment this long to the path that received it (which answers the
 * customer), so that it credits only what that path could not.
 */
const PAYMENT_GRACE_MS = 2 * MINUTE;
/** payments credited per run of the job at most; a longer backlog takes the next runs */
const PAYMENTS_PER_RUN = 100;

async function creditIn(tx: Tx, at: Date, c: CreditInput) {
  const idempotencyKey = c.idempotencyKey ?? `credit:${randomUUID()}`;
  const customer =
    typeof c.customer === 'number' ? await getCustomer(tx, c.customer) : await findCustomer(tx, c.customer);
  const currency = normaliseCurrency(c.currency);
  const amount = typeof c.amount === 'bigint' ? c.amount : parseAmount(c.amount, currency);
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
      message: `credited ${formatMoney(amount, currency)} to customer ${customer.id} "${customer.name}"${note ? `: ${note}` : ''}`,
      actor: c.actor,
    });
  }
  return { ...r, customer, balances: await balances(tx, customer.id) };
}

export function billingService(db: Db, clock: Clock) {
  /** Credits a stored payment: a deposit the first time, `created: false` every time after. */
  const creditPayment = (id: number) =>
    db.tx(async (tx) => {
      const p = await tx.payment.findUniqueOrThrow({ where: { id } });
      if (p.customerId === null) {
        throw new InvalidInput(`${p.provider} payment ${p.chargeId} names no customer`, { id });
      }
      const at = clock.now();
      const r = await creditIn(tx, at, {
        customer: p.customerId,
        amount: p.amount,
        currency: p.currency,
        note: p.note ?? undefined,
        actor: `${p.provider}-payments`,
        idempotencyKey: paymentKey(p),
      });
      await markCredited(tx, p.id, at);
      return r;
    });

  return {
    credit: (c: CreditInput) => db.tx((tx) => creditIn(tx, clock.now(), c)),
    /** Stores a provider's payment report (once per charge) before anything else is done with it. */
    receivePayment: (p: ReceivedPayment) => receivePayment(db.prisma, clock.now(), p),
    creditPayment,
    /**
     * The `payments` job: credits every stored payment older than the grace that is still
     * uncredited; one that fails is reported to staff (once) and tried again on the next run.
     */
    async creditStoredPayments(now: Date) {
      const due = await uncreditedPayments(
        db.prisma,
        new Date(now.getTime() - PAYMENT_GRACE_MS),
        PAYMENTS_PER_RUN,
      );
      let credited = 0;
      let failed = 0;
      for (const p of due) {
        try {
          await creditPayment(p.id);
          credited++;
        } catch (e) {
          failed++;
          await alertUncredited(db.prisma, clock.now(), p, e);
        }
      }
      return { credited, failed };
    },
    balances: (customerId: number) => balances(db.prisma, customerId),
    balancesMany: (customerIds: number[]) => balancesMany(db.prisma, customerIds),
    ledger: (customerId: number, opts: { limit?: number } = {}) => ledgerOf(db.prisma, customerId, opts),
  };
}
