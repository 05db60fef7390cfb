import { Composer } from 'grammy';
import type { BotContext } from '../context.ts';
import { commandsOf, menuKeyboard } from '../menu.ts';
import { say } from '../reply.ts';

// /help: every command with what it does, and how to write search filters.

export const helpFeature = new Composer<BotContext>();

export async function openHelp(ctx: BotContext) {
  const { text } = ctx;
  const commands = commandsOf(ctx.deps.config).map(([command, key]) =>
    text.t('tg-help-line', { command, does: text.label(key) }),
  );
  await say(
    ctx,
    [text.t('tg-help-title'), ...commands, '', text.t('tg-help-filters')].join('\n'),
    menuKeyboard(text),
  );
}

helpFeature.command('help', (ctx) => openHelp(ctx));
