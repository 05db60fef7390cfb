import { Composer } from 'grammy';
import { z } from 'zod';
import { button, data, keyboard, onButton } from '../buttons.ts';
import { actorOf, type BotContext, type Lang } from '../context.ts';
import { registerChatCommands } from '../menu.ts';
import { show } from '../reply.ts';
import { textFor } from '../text.ts';

// /language: English or Deutsch, for every message of the bot and every notification after it.

export const languageFeature = new Composer<BotContext>();

const lang = z.enum(['en', 'de']);

export async function openLanguage(ctx: BotContext) {
  await show(
    ctx,
    ctx.text.t('tg-language-choose'),
    keyboard([button('English', data('lang', 'en')), button('Deutsch', data('lang', 'de'))]),
  );
}

async function choose(ctx: BotContext, chosen: Lang) {
  const { core, log } = ctx.deps;
  ctx.customer = await core.customers.update(ctx.customer.id, { language: chosen }, actorOf(ctx));
  ctx.lang = chosen;
  ctx.text = textFor(core.notify.i18n, chosen);
  ctx.toast = ctx.text.label('tg-language-set');
  await show(ctx, ctx.text.t('tg-language-set'));
  if (ctx.chat) {
    await registerChatCommands(ctx.api, core.notify.i18n, ctx.deps.config, ctx.chat.id, chosen).catch(
      (error) => log.warn('telegram chat menu not updated', { error }),
    );
  }
}

languageFeature.command('language', async (ctx) => {
  const typed = ctx.match.trim().toLowerCase();
  if (!typed) return openLanguage(ctx);
  const chosen = lang.safeParse(typed.slice(0, 2));
  if (!chosen.success) return openLanguage(ctx);
  await choose(ctx, chosen.data);
});

onButton(languageFeature, 'lang', z.tuple([lang]), (ctx, [chosen]) => choose(ctx, chosen));
