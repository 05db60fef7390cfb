import { Composer } from 'grammy';
import { button, data, keyboard } from '../buttons.ts';
import type { BotContext } from '../context.ts';
import { show } from '../reply.ts';

// /balance: the account box of the original: balance, held for backorders near their drop, unpaid
// invoices, and what is available for new holds.

export const balanceFeature = new Composer<BotContext>();

export async function openBalance(ctx: BotContext) {
  const { text } = ctx;
  const b = await ctx.deps.core.billing.balances(ctx.customer.id);
  const m = (v: bigint) => text.money(v, b.currency);
  await show(
    ctx,
    [
      text.t('tg-balance-title', { customer: String(ctx.customer.id) }),
      text.t('tg-balance-balance', { amount: m(b.balance) }),
      text.t('tg-balance-held', { amount: m(b.held) }),
      text.t('tg-balance-unpaid', { amount: m(b.unpaid) }),
      text.t('tg-balance-available', { amount: m(b.available) }),
    ].join('\n'),
    keyboard([button(text.label('tg-button-topup'), data('m', 'topup'))]),
  );
}

balanceFeature.command('balance', (ctx) => openBalance(ctx));
