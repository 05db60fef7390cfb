import type { MiddlewareFn } from 'grammy';
import { isDatabaseUnavailable } from '../../../src/index.ts';
import type { BotContext, BotDeps } from '../context.ts';
import { langOf, textFor } from '../text.ts';

// Outermost of the handling: the database cannot be reached (PostgreSQL restarting), so not even
// the de-duplication can record the update. The customer is told at once, in their app's language,
// to try again in a moment, and the update counts as answered: Telegram would otherwise hold the
// chat's later updates back and deliver this one again at a time nobody expects.

export function databaseDown({ core, log }: BotDeps): MiddlewareFn<BotContext> {
  const i18n = core.notify.i18n;
  return async (ctx, next) => {
    try {
      await next();
    } catch (e) {
      if (!isDatabaseUnavailable(e)) throw e;
      log.warn('telegram update not handled: the database cannot be reached', {
        updateId: ctx.update.update_id,
      });
      const text = textFor(i18n, langOf(i18n, ctx.from?.language_code));
      const told = ctx.callbackQuery
        ? ctx.answerCallbackQuery({ text: text.errorLabel(e).slice(0, 200), show_alert: true })
        : ctx.chat && ctx.reply(text.error(e), { parse_mode: 'HTML' });
      await Promise.resolve(told).catch((again) => log.warn('telegram error reply failed', { error: again }));
    }
  };
}
