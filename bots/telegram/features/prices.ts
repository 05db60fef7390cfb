import { Composer } from 'grammy';
import type { BotContext } from '../context.ts';
import { offeredZones, offerText } from '../offered.ts';
import { show } from '../reply.ts';

// /prices: what a caught name costs per zone, in the customer's currency (nothing for a miss).

export const pricesFeature = new Composer<BotContext>();

export async function openPrices(ctx: BotContext) {
  const { text } = ctx;
  const currency = ctx.customer.currency;
  const prices = await offeredZones(ctx.deps.core, currency);
  if (prices.size === 0) {
    await show(ctx, text.t('tg-prices-none'));
    return;
  }
  const lines = [...prices].map(([zone, offer]) =>
    text.t('tg-prices-line', { zone, price: offerText(text, offer, currency) }),
  );
  await show(
    ctx,
    [text.t('tg-prices-title', { currency }), ...lines, '', text.t('tg-prices-note')].join('\n'),
  );
}

pricesFeature.command('prices', (ctx) => openPrices(ctx));
