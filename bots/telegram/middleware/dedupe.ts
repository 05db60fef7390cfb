import type { MiddlewareFn } from 'grammy';
import { DAY } from '../../../src/index.ts';
import type { BotContext, BotDeps } from '../context.ts';

// Telegram re-delivers an update it thinks we missed (a webhook answer that came too late, a
// restart before getUpdates confirmed it), and behind a load balancer another instance may get it
// too. The first to record its update_id handles it; everyone else drops it. Recorded before the
// handling, so at most once: an answer lost to a crash is better than a bid twice. A successful
// payment is credited before this (payments.ts), at least once, since its deposit is idempotent.

const PLATFORM = 'telegram';
/** Telegram keeps an unconfirmed update for 24 hours; after twice that, its id is no longer needed. */
const KEEP_PROCESSED_MS = 2 * DAY;

export function dedupe({ core, log }: BotDeps): MiddlewareFn<BotContext> {
  core.once.keep(PLATFORM, KEEP_PROCESSED_MS);
  return async (ctx, next) => {
    if (!(await core.once.claim(PLATFORM, String(ctx.update.update_id)))) {
      log.info('telegram update already handled', { updateId: ctx.update.update_id });
      return;
    }
    await next();
  };
}
