import type { Update } from 'grammy/types';
import { z } from 'zod';
import type { Core } from '../../src/index.ts';

// Telegram Payments: what we put into an invoice and get back in the pre-checkout query and the
// successful payment, and a successful payment as the core stores it. A successful payment means
// Telegram has taken the money, so each transport stores the payments of an update before the update
// goes any further: the webhook before it answers, long polling before the next getUpdates call
// confirms the batch. Crediting them is middleware/payments.ts.

export const PROVIDER = 'telegram';

/** topup:<customer id>:<amount in minor units>:<currency> */
export const invoicePayload = z
  .string()
  .regex(/^topup:(\d{1,10}):(\d{1,15}):([A-Z]{3})$/)
  .transform((p) => {
    const [, customerId, amount, currency] = /^topup:(\d+):(\d+):([A-Z]{3})$/.exec(p)!;
    return { customerId: Number(customerId), amount: BigInt(amount!), currency: currency! };
  });

type ReceivedPayment = Parameters<Core['billing']['receivePayment']>[0];

/** The successful payment of an update, as the core stores it; undefined for any other update. */
export function receivedPayment(update: Update): ReceivedPayment | undefined {
  const paid = update.message?.successful_payment;
  if (!paid) return undefined;
  // The pre-checkout query accepted only an invoice of the payer's own customer with this payload.
  const payload = invoicePayload.safeParse(paid.invoice_payload);
  return {
    provider: PROVIDER,
    chargeId: paid.telegram_payment_charge_id,
    customerId: payload.success ? payload.data.customerId : null,
    amount: BigInt(paid.total_amount),
    currency: paid.currency,
    note: `Telegram payment ${paid.provider_payment_charge_id}`,
    raw: JSON.stringify(update),
  };
}

/** Stores every successful payment among `updates` (each once, however often it is delivered). */
export async function storePayments(core: Pick<Core, 'billing'>, updates: readonly Update[]): Promise<void> {
  for (const update of updates) {
    const payment = receivedPayment(update);
    if (payment) await core.billing.receivePayment(payment);
  }
}
