import type { MiddlewareFn } from 'grammy';
import type { BotContext, BotDeps } from '../context.ts';
import { telegramCustomer } from '../customer-of.ts';
import { langOf, textFor } from '../text.ts';

// The customer behind the Telegram user (from.id) on every update, and their words.

export function loadCustomer({ core }: BotDeps): MiddlewareFn<BotContext> {
  const i18n = core.notify.i18n;
  return async (ctx, next) => {
    const from = ctx.from;
    // Channel posts and other bots' messages have no customer behind them.
    if (!from || from.is_bot) return;
    ctx.customer = await telegramCustomer(core, from, { inPrivateChat: ctx.chat?.type === 'private' });
    ctx.lang = langOf(i18n, ctx.customer.language);
    ctx.text = textFor(i18n, ctx.lang);
    await next();
  };
}
