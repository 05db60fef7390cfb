import type { MiddlewareFn } from 'grammy';
import type { BotContext, BotDeps } from '../context.ts';
import { langOf, textFor } from '../text.ts';

// The customer behind the Telegram user (from.id), created on their first update with the
// language their app reports (en or de, else the default). One indexed read per update; the
// write happens only for a new user, or for one who had blocked the bot and talks to it again.

const nameOf = (from: NonNullable<BotContext['from']>) =>
  [from.first_name, from.last_name].filter(Boolean).join(' ').trim().slice(0, 200) ||
  from.username ||
  `Telegram ${from.id}`;

export function loadCustomer({ core }: BotDeps): MiddlewareFn<BotContext> {
  const i18n = core.notify.i18n;
  return async (ctx, next) => {
    const from = ctx.from;
    // Channel posts and other bots' messages have no customer behind them.
    if (!from || from.is_bot) return;
    const externalId = String(from.id);
    const found = await core.customers.identity('telegram', externalId);
    if (found) {
      ctx.customer = found.customer;
      if (found.unreachable && ctx.chat?.type === 'private') {
        // Writing to us again means the bot was unblocked: notifications may reach them again.
        await core.customers.setReachable('telegram', externalId, true);
      }
    } else {
      const created = await core.customers.findOrCreateByIdentity({
        platform: 'telegram',
        externalId,
        // In a private chat the chat id is the user id; notifications go there.
        address: externalId,
        name: nameOf(from),
        language: from.language_code,
      });
      ctx.customer = created.customer;
    }
    ctx.lang = langOf(i18n, ctx.customer.language);
    ctx.text = textFor(i18n, ctx.lang);
    await next();
  };
}
