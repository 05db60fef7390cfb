import { Composer } from 'grammy';
import { z } from 'zod';
import { DAY, displayName, parseDomainName } from '../../../src/index.ts';
import { button, data, fits, keyboard, onButton } from '../buttons.ts';
import { actorOf, type BotContext } from '../context.ts';
import { say } from '../reply.ts';
import type { Text } from '../text.ts';

// /backorder <name> [lite] and the Backorder buttons of search results: placing is free. Where the
// zone offers Backorder Lite, the button first offers both kinds, each with its price. The answer
// says when the name drops (or that we do not know yet), what it costs, that nothing is charged
// until it is caught, that the price must be available 3 days before the drop, and until when the
// backorder can be cancelled (the finalization deadline).

export const backorderFeature = new Composer<BotContext>();

/** The lifecycle holds the price this long before the drop (ACTIVE). */
const FUNDS_BEFORE_DROP_MS = 3 * DAY;

const name = z.string().trim().min(1).max(253);
/** `/backorder example.com` or `/backorder example.com lite`; the core judges the name */
const command = z
  .string()
  .trim()
  .transform((v) => {
    const lite = /\s+lite$/i.test(v);
    return { typed: lite ? v.replace(/\s+lite$/i, '') : v, lite };
  })
  .pipe(z.object({ typed: name, lite: z.boolean() }));

type Placed = Awaited<ReturnType<BotContext['deps']['core']['backorders']['place']>>;
type Funds = Awaited<ReturnType<BotContext['deps']['core']['billing']['balances']>>;

/** What the customer reads once a backorder is placed (the bot's reply, the Mini App's notice). */
export function placedText(text: Text, b: Placed, funds: Funds): { html: string; short: boolean } {
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
  if (b.finalizesAt) lines.push(text.t('tg-placed-finalizes', { date: text.date(b.finalizesAt) }));
  if (b.lite) lines.push(text.t('tg-placed-lite'));
  const short = b.price - funds.available;
  if (short > 0n)
    lines.push(
      text.t('tg-placed-short', {
        available: text.money(funds.available, funds.currency),
        missing: text.money(short, funds.currency),
      }),
    );
  return { html: lines.join('\n'), short: short > 0n };
}

async function place(ctx: BotContext, typed: string, lite: boolean) {
  const { core } = ctx.deps;
  const { text } = ctx;
  const b = await core.backorders.place(ctx.customer.id, typed, { actor: actorOf(ctx), lite });
  const placed = placedText(text, b, await core.billing.balances(ctx.customer.id));
  ctx.toast = text.label('tg-placed-toast');
  await say(
    ctx,
    placed.html,
    keyboard(
      [
        button(text.label('tg-button-details'), data('bd', b.id)),
        button(text.label('tg-button-cancel-backorder'), data('bc', b.id)),
      ],
      placed.short ? [button(text.label('tg-button-topup'), data('m', 'topup'))] : [],
    ),
  );
}

/**
 * A Backorder button (and a deep link from an inline result): both kinds with their prices where the zone offers Lite in the customer's
 * currency, else the regular backorder at once.
 */
export async function offer(ctx: BotContext, fqdn: string) {
  const { core } = ctx.deps;
  const { text } = ctx;
  const { zone } = parseDomainName(fqdn);
  const [regular, lite] = await Promise.all([
    core.pricing.get(zone, ctx.customer.currency, 'regular'),
    core.pricing.get(zone, ctx.customer.currency, 'lite'),
  ]);
  if (regular === null || lite === null || !fits(`bl:${fqdn}`)) return place(ctx, fqdn, false);
  const prices = {
    price: text.money(regular, ctx.customer.currency),
    lite: text.money(lite, ctx.customer.currency),
  };
  await say(
    ctx,
    text.t('tg-choose-kind', { name: displayName(fqdn), ...prices }),
    keyboard(
      [button(text.label('tg-button-regular', { price: prices.price }), data('br', fqdn))],
      [button(text.label('tg-button-lite', { price: prices.lite }), data('bl', fqdn))],
    ),
  );
}

backorderFeature.command('backorder', async (ctx) => {
  const typed = command.safeParse(ctx.match);
  if (!typed.success) {
    await say(ctx, ctx.text.t('tg-backorder-usage'));
    return;
  }
  await place(ctx, typed.data.typed, typed.data.lite);
});

onButton(backorderFeature, 'bo', z.tuple([name]), (ctx, [fqdn]) => offer(ctx, fqdn));
onButton(backorderFeature, 'br', z.tuple([name]), (ctx, [fqdn]) => place(ctx, fqdn, false));
onButton(backorderFeature, 'bl', z.tuple([name]), (ctx, [fqdn]) => place(ctx, fqdn, true));
