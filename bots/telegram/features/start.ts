import { Composer } from 'grammy';
import type { BotContext } from '../context.ts';
import { menuKeyboard } from '../menu.ts';
import { say } from '../reply.ts';

// /start: the account exists by now (the customer middleware made it on the first update, in the
// language the app reports); three lines on what a backorder is and costs, and the menu.

export const startFeature = new Composer<BotContext>();

startFeature.command('start', async (ctx) => {
  const { text } = ctx;
  await say(
    ctx,
    [
      text.t('tg-start-title', { name: ctx.customer.name }),
      text.t('tg-start-explain'),
      '',
      text.t('tg-start-menu'),
    ].join('\n'),
    menuKeyboard(text),
  );
});
