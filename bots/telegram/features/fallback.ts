import { Composer } from 'grammy';
import { displayName, parseDomainName } from '../../../src/index.ts';
import { button, data, fits, keyboard } from '../buttons.ts';
import type { BotContext } from '../context.ts';
import { menuKeyboard } from '../menu.ts';
import { say } from '../reply.ts';

// Whatever no feature took: a short answer that helps. A bare domain name is probably a name to
// backorder or search for; an unknown command gets the list; anything else the menu. A button no
// handler knows (an old message, a changed bot) is answered as expired.

export const fallbackFeature = new Composer<BotContext>();

fallbackFeature.on('message:text', async (ctx) => {
  const { text } = ctx;
  const typed = ctx.message.text.trim();
  if (typed.startsWith('/')) {
    await say(ctx, text.t('tg-unknown-command', { command: typed.split(/\s/)[0]!.slice(0, 40) }));
    return;
  }
  if (/^\S{3,253}$/.test(typed) && typed.includes('.')) {
    try {
      const { fqdn, label } = parseDomainName(typed);
      const buttons = [
        ...(fits(`bo:${fqdn}`)
          ? [button(text.label('tg-button-backorder', { name: displayName(fqdn) }), data('bo', fqdn))]
          : []),
        ...(fits(`s:${label}`)
          ? [button(text.label('tg-button-search-label', { label }), `s:${label}`)]
          : []),
      ];
      await say(ctx, text.t('tg-fallback-domain', { name: displayName(fqdn) }), keyboard(buttons));
      return;
    } catch {
      // not a domain name after all: the general answer below
    }
  }
  await say(ctx, text.t('tg-fallback'), menuKeyboard(text));
});

fallbackFeature.on('message', (ctx) => say(ctx, ctx.text.t('tg-fallback'), menuKeyboard(ctx.text)));

fallbackFeature.on('callback_query', (ctx) => {
  ctx.toast = ctx.text.label('tg-button-expired');
});
