import { Composer } from 'grammy';
import { z } from 'zod';
import { DAY, displayName } from '../../../src/index.ts';
import { button, data, keyboard, onButton } from '../buttons.ts';
import { actorOf, type BotContext } from '../context.ts';
import { say } from '../reply.ts';

// /backorder <name> and the Backorder buttons of search results: placing is free. The answer
// says when the name drops (or that we do not know yet), what it costs, that nothing is charged
// until it is caught, and that the price must be available 3 days before the drop.

export const backorderFeature = new Composer<BotContext>();

/** The lifecycle holds the price this long before the drop (ACTIVE). */
const FUNDS_BEFORE_DROP_MS = 3 * DAY;

const name = z.string().trim().min(1).max(253);

async function place(ctx: BotContext, typed: string) {
  const { core } = ctx.deps;
  const { text } = ctx;
  const b = await core.backorders.place(ctx.customer.id, typed, { actor: actorOf(ctx) });
  const funds = await core.billing.balances(ctx.customer.id);
  const price = text.money(b.price, b.currency);
  const lines = [
    text.t('tg-placed-title', { name: displayName(b.fqdn), id: String(b.id) }),
    b.dropAt ? text.t('tg-placed-drop', { date: text.date(b.dropAt) }) : text.t('tg-placed-drop-unknown'),
    text.t('tg-placed-price', { price }),
    b.dropAt
      ? text.t('tg-placed-funds', {
          price,
          date: text.date(new Date(b.dropAt.getTime() - FUNDS_BEFORE_DROP_MS)),
        })
      : text.t('tg-placed-funds-unknown', { price }),
  ];
  const short = b.price - funds.available;
  if (short > 0n)
    lines.push(
      text.t('tg-placed-short', {
        available: text.money(funds.available, funds.currency),
        missing: text.money(short, funds.currency),
      }),
    );
  ctx.toast = text.label('tg-placed-toast');
  await say(
    ctx,
    lines.join('\n'),
    keyboard(
      [
        button(text.label('tg-button-details'), data('bd', b.id)),
        button(text.label('tg-button-cancel-backorder'), data('bc', b.id)),
      ],
      short > 0n ? [button(text.label('tg-button-topup'), data('m', 'topup'))] : [],
    ),
  );
}

backorderFeature.command('backorder', async (ctx) => {
  const typed = name.safeParse(ctx.match);
  if (!typed.success) {
    await say(ctx, ctx.text.t('tg-backorder-usage'));
    return;
  }
  await place(ctx, typed.data);
});

onButton(backorderFeature, 'bo', z.tuple([name]), (ctx, [fqdn]) => place(ctx, fqdn));
