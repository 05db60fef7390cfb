import type { MiddlewareFn } from 'grammy';
import type { BotContext, BotDeps } from '../context.ts';
import { explain, isFlooded, isUnreachable } from '../errors.ts';
import { say } from '../reply.ts';
import { langOf, textFor } from '../text.ts';

// Around every handler: whatever goes wrong ends as words for the customer (their language), our
// own faults are logged, a chat that blocked the bot is marked unreachable (the dispatcher stops
// sending there), and every button press is answered exactly once, so no client keeps spinning.

export function guard(deps: BotDeps): MiddlewareFn<BotContext> {
  const { core, log } = deps;
  const i18n = core.notify.i18n;
  return async (ctx, next) => {
    ctx.deps = deps;
    // Until the customer is loaded, the language their Telegram app reports.
    ctx.text = textFor(i18n, langOf(i18n, ctx.from?.language_code));
    const failed = async (e: unknown) => {
      if (isUnreachable(e) && ctx.from) {
        log.info('telegram chat unreachable', { user: ctx.from.id });
        await core.customers.setReachable('telegram', String(ctx.from.id), false);
        return;
      }
      if (isFlooded(e)) {
        // Telegram asked for a longer pause than a person waits for: another message now would
        // only be refused too. The customer sees no answer and tries again.
        log.warn('telegram reply dropped: flood control', { user: ctx.from?.id, error: e });
        return;
      }
      const { html, unexpected } = explain(e, ctx.text);
      if (unexpected) log.error('telegram update failed', { updateId: ctx.update.update_id, error: e });
      if (ctx.chat) await say(ctx, html);
    };
    try {
      await next();
    } catch (e) {
      await failed(e).catch((again) => log.warn('telegram error reply failed', { error: again }));
    } finally {
      if (ctx.callbackQuery) {
        await ctx
          .answerCallbackQuery(ctx.toast ? { text: ctx.toast.slice(0, 200) } : undefined)
          .catch((e) => log.warn('telegram callback answer failed', { error: e }));
      }
    }
  };
}
