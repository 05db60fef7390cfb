import { Composer } from 'grammy';
import { z } from 'zod';
import { parseAmount } from '../../../src/index.ts';
import { button, data, keyboard, onButton, rows } from '../buttons.ts';
import type { BotContext } from '../context.ts';
import { Refusal } from '../errors.ts';
import { invoicePayload } from '../payments.ts';
import { say } from '../reply.ts';

// Top-up. With TELEGRAM_PAYMENTS_PROVIDER_TOKEN: an invoice in the customer's currency, a check
// before Telegram charges (the right customer, currency and amount), and on the successful
// payment the answer (the credit itself is middleware/payments.ts: once per charge id, at least
// once). Without it: how to pay the reseller.

export const topupFeature = new Composer<BotContext>();

/** preset amounts, in major units of the customer's currency */
const PRESETS = [10, 25, 50, 100];
/** Telegram refuses payments above about 10 000 USD; a typo should not get that far either. */
const MAX_MAJOR = 10_000;

const paymentsOn = (ctx: BotContext) => Boolean(ctx.deps.config.TELEGRAM_PAYMENTS_PROVIDER_TOKEN);

function amountOf(ctx: BotContext, typed: string): bigint {
  const { currency } = ctx.customer;
  const amount = parseAmount(typed, currency);
  const max = parseAmount(String(MAX_MAJOR), currency);
  if (amount > max) throw new Refusal('tg-topup-too-much', { max: ctx.text.money(max, currency) });
  return amount;
}

async function invoice(ctx: BotContext, amount: bigint) {
  const { text } = ctx;
  const { currency, id } = ctx.customer;
  await ctx.replyWithInvoice(
    text.label('tg-invoice-title'),
    text.label('tg-invoice-description', { amount: text.money(amount, currency), customer: String(id) }),
    `topup:${id}:${amount}:${currency}`,
    currency,
    [{ label: text.label('tg-invoice-label'), amount: Number(amount) }],
    { provider_token: ctx.deps.config.TELEGRAM_PAYMENTS_PROVIDER_TOKEN! },
  );
}

export async function openTopup(ctx: BotContext, typed = '') {
  const { text } = ctx;
  const { currency, id } = ctx.customer;
  if (!paymentsOn(ctx)) {
    await say(ctx, text.t('tg-topup-manual', { customer: String(id), currency }));
    return;
  }
  if (typed) return invoice(ctx, amountOf(ctx, typed));
  const presets = PRESETS.map((major) => {
    const minor = parseAmount(String(major), currency);
    return button(text.money(minor, currency), data('tu', String(minor)));
  });
  await say(ctx, text.t('tg-topup-choose', { currency }), keyboard(...rows(presets, 4)));
}

topupFeature.command('topup', (ctx) => {
  const typed = z.string().trim().max(40).safeParse(ctx.match);
  if (!typed.success) throw new Refusal('tg-topup-usage');
  return openTopup(ctx, typed.data);
});

onButton(topupFeature, 'tu', z.tuple([z.coerce.bigint().positive()]), async (ctx, [amount]) => {
  if (!paymentsOn(ctx)) return openTopup(ctx);
  await invoice(ctx, amount);
});

/** Pre-checkout queries come without a chat: this part runs outside the private-chat features. */
export const checkoutFeature = new Composer<BotContext>();

checkoutFeature.on('pre_checkout_query', async (ctx) => {
  const q = ctx.preCheckoutQuery;
  const p = invoicePayload.safeParse(q.invoice_payload);
  const ok =
    paymentsOn(ctx) &&
    p.success &&
    p.data.customerId === ctx.customer.id &&
    p.data.currency === ctx.customer.currency &&
    p.data.currency === q.currency &&
    BigInt(q.total_amount) === p.data.amount;
  if (ok) await ctx.answerPreCheckoutQuery(true);
  else await ctx.answerPreCheckoutQuery(false, { error_message: ctx.text.label('tg-topup-refused') });
});

topupFeature.on('message:successful_payment', async (ctx) => {
  const paid = ctx.message.successful_payment;
  const { text, credited } = ctx;
  const amount = text.money(BigInt(paid.total_amount), paid.currency);
  if (!credited) {
    await say(ctx, text.t('tg-topup-staff', { amount }));
    return;
  }
  await say(
    ctx,
    text.t(credited.created ? 'tg-topup-done' : 'tg-topup-already', {
      amount,
      available: text.money(credited.balances.available, credited.balances.currency),
    }),
  );
});
