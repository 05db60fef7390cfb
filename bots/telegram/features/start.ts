import { Composer } from 'grammy';
import type { BotContext } from '../context.ts';
import { menuKeyboard } from '../menu.ts';
import { say } from '../reply.ts';
import { nameToPlace } from '../start-payload.ts';
import { offer } from './backorder.ts';

// /start: the account exists by now (the customer middleware made it on the first update, in the
// language the app reports); three lines on what a backorder is and costs, and the menu. A deep
// link from an inline result (`/start bo_example_com`) goes straight to backordering that name.

export const startFeature = new Composer<BotContext>();

startFeature.command('start', async (ctx) => {
  const { text } = ctx;
  const name = nameToPlace(ctx.match.trim());
  if (name) return offer(ctx, name);
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
