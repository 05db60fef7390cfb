import { Composer } from 'grammy';
import { LINK_CODE_TTL_MS, MINUTE } from '../../../src/index.ts';
import { actorOf, type BotContext } from '../context.ts';
import { say } from '../reply.ts';

// /link: a one-time code that links the customer's Discord account to this account (entered there
// with /link code:<code>), after which /backorder and /mybackorders work in Discord too. The core
// keeps only the code's hash; a new /link replaces the previous code.

export const linkFeature = new Composer<BotContext>();

linkFeature.command('link', async (ctx) => {
  const { core } = ctx.deps;
  const { text } = ctx;
  const { code, expiresAt } = await core.customers.issueLinkCode(ctx.customer.id, actorOf(ctx));
  const lines = [
    text.t('tg-link-code', {
      code,
      expires: text.date(expiresAt),
      minutes: Math.round(LINK_CODE_TTL_MS / MINUTE),
    }),
  ];
  const identities = await core.customers.identities(ctx.customer.id);
  if (identities.some((i) => i.platform === 'discord')) lines.push('', text.t('tg-link-linked'));
  await say(ctx, lines.join('\n'));
});
