import type { MiddlewareFn } from 'grammy';
import { isDomainError } from '../../../src/index.ts';
import type { BotContext, BotDeps } from '../context.ts';
import { receivedPayment } from '../payments.ts';

// A successful payment is credited here, before the de-duplication, so that it is credited at
// least once: the deposit is keyed by Telegram's charge id, so a re-delivery credits nothing twice,
// and a failed attempt leaves no "already handled" mark behind. A failure that may pass (the
// database) is thrown: the webhook answers 500 and Telegram delivers the payment again; whatever
// is still uncredited after that (long polling has no re-delivery) the `payments` job credits. A
// refusal of the core (no such customer, another currency) would fail every time: it is not
// thrown, the top-up feature tells the customer that staff will add it, and the job alerts staff.

export function creditPayments({ core, log }: BotDeps): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const payment = receivedPayment(ctx.update);
    if (payment) {
      try {
        // Stored already by the transport: this finds the row.
        const stored = await core.billing.receivePayment(payment);
        ctx.credited = await core.billing.creditPayment(stored.id);
      } catch (error) {
        if (!isDomainError(error)) throw error;
        log.error('telegram payment refused by the ledger; left to staff', {
          updateId: ctx.update.update_id,
          charge: payment.chargeId,
          error,
        });
      }
    }
    await next();
  };
}
