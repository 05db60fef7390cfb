import { Composer, type InlineKeyboard } from 'grammy';
import { z } from 'zod';
import { type Core, formatAmount } from '../../../src/index.ts';
import { type Button, button, data, id, keyboard, onButton } from '../buttons.ts';
import { actorOf, type BotContext } from '../context.ts';
import { Refusal } from '../errors.ts';
import { say, show } from '../reply.ts';

// Private auctions among the backorderers of a caught name: the state as the customer may see it
// (price, whether they lead, their own maximum, the end), a button to bid the next step (after a
// confirmation: a bid commits money) and one to type a maximum. Other bidders stay anonymous; a
// customer who does not take part sees nothing of the auction.

export const auctionFeature = new Composer<BotContext>();

const minor = z.coerce.bigint().positive();
/** what people type as a maximum: 75, 75.5, 75,50 */
const amountTyped = z
  .string()
  .trim()
  .regex(/^\d{1,12}([.,]\d{1,3})?$/)
  .transform((v) => v.replace(',', '.'));

type AuctionView = Awaited<ReturnType<Core['auctions']['auctionState']>>;

/** The auction as this customer sees it; refused when they do not take part. */
export async function ownView(ctx: BotContext, auctionId: number): Promise<AuctionView> {
  const { core } = ctx.deps;
  const view = await core.auctions.auctionState(auctionId, ctx.customer.id);
  if (view.yourBackorderId === null) throw new Refusal('tg-auction-not-yours');
  return view;
}

/** The auction's lines and buttons, for the backorder details and the auction's own view. */
export async function auctionBlock(
  ctx: BotContext,
  v: AuctionView,
): Promise<{ lines: string[]; buttons: Button[][] }> {
  const { core } = ctx.deps;
  const { text } = ctx;
  const money = (m: bigint | null) => (m === null ? '–' : text.money(m, v.currency));
  const open = v.status === 'OPEN';
  const lines = [
    text.t(open ? 'tg-auction-open' : 'tg-auction-closed', { ends: text.date(v.endsAt) }),
    text.t('tg-auction-price', { price: money(v.currentPrice), bids: v.bidCount, bidders: v.participants }),
    text.t(
      open
        ? v.leading
          ? 'tg-auction-leading'
          : 'tg-auction-behind'
        : v.leading
          ? 'tg-auction-won'
          : 'tg-auction-lost',
    ),
  ];
  if (v.yourMax !== null) lines.push(text.t('tg-auction-your-max', { max: money(v.yourMax) }));
  const buttons: Button[][] = [];
  if (open && v.nextMinimumBid !== null) {
    lines.push(text.t('tg-auction-next', { amount: money(v.nextMinimumBid) }));
    buttons.push([
      button(
        text.label('tg-button-bid', { amount: money(v.nextMinimumBid) }),
        data('ab', v.id, String(v.nextMinimumBid)),
      ),
      button(text.label('tg-button-set-max'), data('am', v.id)),
    ]);
  }
  // Auctions the registrar runs (HEXONET) are joined on its site.
  const upstream = await core.auctions.upstreamUrl(v.id);
  if (upstream?.startsWith('https://'))
    buttons.push([{ text: text.label('tg-button-auction-link'), url: upstream }]);
  return { lines, buttons };
}

async function auctionView(
  ctx: BotContext,
  auctionId: number,
): Promise<{ html: string; keyboard: InlineKeyboard }> {
  const v = await ownView(ctx, auctionId);
  const block = await auctionBlock(ctx, v);
  const title = ctx.text.t('tg-auction-title', { name: v.fqdn, id: String(v.id) });
  const back =
    v.yourBackorderId === null
      ? []
      : [button(ctx.text.label('tg-button-back'), data('bd', v.yourBackorderId))];
  return { html: [title, ...block.lines].join('\n'), keyboard: keyboard(...block.buttons, back) };
}

async function bid(ctx: BotContext, auctionId: number, maxAmount: bigint | string) {
  const { core } = ctx.deps;
  await core.auctions.placeBid({
    auctionId,
    customerId: ctx.customer.id,
    maxAmount,
    at: core.clock.now(),
    actor: actorOf(ctx),
  });
  ctx.toast = ctx.text.label('tg-bid-placed-toast');
  const view = await auctionView(ctx, auctionId);
  await say(ctx, [ctx.text.t('tg-bid-placed'), view.html].join('\n'), view.keyboard);
}

onButton(auctionFeature, 'av', z.tuple([id]), async (ctx, [auctionId]) => {
  const view = await auctionView(ctx, auctionId);
  await show(ctx, view.html, view.keyboard);
});

// The next step, confirmed first: the button may be pressed by mistake, and money is committed.
onButton(auctionFeature, 'ab', z.tuple([id, minor]), async (ctx, [auctionId, amount]) => {
  const v = await ownView(ctx, auctionId);
  await show(
    ctx,
    ctx.text.t('tg-bid-confirm', { name: v.fqdn, amount: ctx.text.money(amount, v.currency) }),
    keyboard([
      button(ctx.text.label('tg-button-confirm-bid'), data('aB', auctionId, String(amount))),
      button(ctx.text.label('tg-button-back'), data('av', auctionId)),
    ]),
  );
});

onButton(auctionFeature, 'aB', z.tuple([id, minor]), (ctx, [auctionId, amount]) =>
  bid(ctx, auctionId, amount),
);

onButton(auctionFeature, 'am', z.tuple([id]), async (ctx, [auctionId]) => {
  const v = await ownView(ctx, auctionId);
  ctx.session.awaiting = { kind: 'bid', auctionId };
  const example = v.nextMinimumBid ?? v.step;
  await say(
    ctx,
    ctx.text.t('tg-bid-ask-max', {
      name: v.fqdn,
      currency: v.currency,
      example: formatAmount(example, v.currency),
    }),
  );
});

// The typed maximum: a deliberate number, placed without another question.
auctionFeature.on('message:text').filter(
  (ctx) => ctx.session.awaiting?.kind === 'bid',
  async (ctx) => {
    const awaiting = ctx.session.awaiting as { kind: 'bid'; auctionId: number };
    const typed = amountTyped.safeParse(ctx.message.text);
    if (!typed.success) {
      await say(ctx, ctx.text.t('tg-bid-not-an-amount'));
      return;
    }
    ctx.session.awaiting = undefined;
    await bid(ctx, awaiting.auctionId, typed.data);
  },
);
