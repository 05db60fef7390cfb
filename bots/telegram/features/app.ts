import { Composer, InlineKeyboard } from 'grammy';
import type { BotContext } from '../context.ts';
import { say } from '../reply.ts';

// /app: a button that opens the Mini App (search tables, a chart of drop days, the customer's
// backorders), where TELEGRAM_WEBAPP_URL gives it a public address. Without one the command is
// not ours: it reads as any unknown command.

export const appFeature = new Composer<BotContext>();

appFeature.command('app', async (ctx, next) => {
  const url = ctx.deps.config.TELEGRAM_WEBAPP_URL;
  if (!url) return next();
  const { text } = ctx;
  await say(ctx, text.t('tg-app-open'), new InlineKeyboard().webApp(text.label('tg-app-button'), url));
});
