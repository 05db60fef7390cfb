import { Composer } from 'grammy';
import { z } from 'zod';
import { CANCELLABLE_STATUSES, displayName, STATUSES, type Status } from '../../../src/index.ts';
import { type Button, button, data, id, keyboard, onButton, rows } from '../buttons.ts';
import type { BotContext } from '../context.ts';
import { show } from '../reply.ts';
import { auctionBlock, ownView } from './auction.ts';

// /mybackorders: the customer's own backorders, newest first, with a filter button per status
// (with its count), a details view per backorder (status history from the audit log, the auction
// if there is one) and, where the status allows it, a cancel button that asks before it cancels.

export const myBackordersFeature = new Composer<BotContext>();

const PAGE_SIZE = 8;
const HISTORY_SHOWN = 15;
const ALL = 'ALL';
const filter = z.enum([ALL, ...STATUSES]);
type Filter = z.infer<typeof filter>;
const page = z.coerce.number().int().min(1).max(100_000);

/** The statuses an audit row moved the backorder to ("REQUESTED → ACTIVE: …", "placed …: REQUESTED"). */
const MOVES = new RegExp(
  `(?:→|: )\\s*(${[...STATUSES].sort((a, b) => b.length - a.length).join('|')})\\b`,
  'g',
);
const movesOf = (message: string): Status[] => [...message.matchAll(MOVES)].map((m) => m[1] as Status);

async function listView(ctx: BotContext, status: Filter, pageNo: number) {
  const { core } = ctx.deps;
  const { text } = ctx;
  const list = await core.backorders.list({
    customerId: ctx.customer.id,
    ...(status === ALL ? {} : { status }),
    page: pageNo,
    pageSize: PAGE_SIZE,
  });
  const all = Object.values(list.counts).reduce((a, b) => a + b, 0);
  if (all === 0)
    return {
      html: text.t('tg-mine-empty'),
      keyboard: keyboard([button(text.label('tg-button-search'), 'f:')]),
    };
  const pages = Math.max(1, Math.ceil(list.total / PAGE_SIZE));
  const lines = [
    text.t('tg-mine-title', {
      status: status === ALL ? text.label('tg-mine-all') : text.label(`status-${status}`),
      total: list.total,
      page: Math.min(pageNo, pages),
      pages,
    }),
    '',
    ...list.items.map((b) =>
      text.t('tg-mine-line', {
        id: String(b.id),
        name: b.display,
        kind: b.kind,
        status: text.label(`status-${b.status}`),
        date: text.date(b.dropAt),
        price: text.money(b.price, b.currency),
      }),
    ),
  ];
  const filters: Button[] = [
    button(`${status === ALL ? '✓ ' : ''}${text.label('tg-mine-all')} (${all})`, data('ml', ALL, 1)),
    ...STATUSES.filter((s) => (list.counts[s] ?? 0) > 0).map((s) =>
      button(`${status === s ? '✓ ' : ''}${text.label(`status-${s}`)} (${list.counts[s]})`, data('ml', s, 1)),
    ),
  ];
  const details = list.items.map((b) => button(`#${b.id} ${b.display}`, data('bd', b.id)));
  const paging: Button[] = [];
  if (pageNo > 1)
    paging.push(button(text.label('tg-button-prev'), data('ml', status, Math.min(pageNo - 1, pages))));
  if (pageNo < pages) paging.push(button(text.label('tg-button-next'), data('ml', status, pageNo + 1)));
  return { html: lines.join('\n'), keyboard: keyboard(...rows(filters, 3), ...rows(details, 2), paging) };
}

async function detailsView(ctx: BotContext, backorderId: number) {
  const { core } = ctx.deps;
  const { text } = ctx;
  const mine = { customerId: ctx.customer.id };
  const [b, history] = await Promise.all([
    core.backorders.get(backorderId, mine),
    core.backorders.history(backorderId, mine),
  ]);
  const lines = [
    text.t('tg-details-title', { name: displayName(b.fqdn), id: String(b.id) }),
    text.t('tg-details-status', { status: text.label(`status-${b.status}`) }),
    text.t('tg-details-drop', { date: text.date(b.dropAt) }),
    text.t('tg-details-price', { price: text.money(b.price, b.currency) }),
  ];
  if (b.kind === 'lite') lines.push(text.t('tg-details-lite'));
  if (b.finalizesAt && (b.status === 'REQUESTED' || b.status === 'ACTIVE'))
    lines.push(text.t('tg-details-finalizes', { date: text.date(b.finalizesAt) }));
  if (b.held > 0n) lines.push(text.t('tg-details-held', { amount: text.money(b.held, b.currency) }));
  const moves = history
    .map((h) => ({ at: h.at, moves: movesOf(h.message) }))
    .filter((h) => h.moves.length > 0)
    .slice(-HISTORY_SHOWN);
  if (moves.length) {
    lines.push('', text.t('tg-details-history'));
    for (const h of moves)
      lines.push(
        text.t('tg-details-history-line', {
          date: text.date(h.at),
          status: h.moves.map((s) => text.label(`status-${s}`)).join(' → '),
        }),
      );
  }
  const buttons: Button[][] = [];
  if (b.auctionId !== null) {
    const block = await auctionBlock(ctx, await ownView(ctx, b.auctionId));
    lines.push('', text.t('tg-details-auction'), ...block.lines);
    buttons.push(...block.buttons);
  }
  if ((CANCELLABLE_STATUSES as readonly string[]).includes(b.status))
    buttons.push([button(text.label('tg-button-cancel-backorder'), data('bc', b.id))]);
  buttons.push([button(text.label('tg-button-back-to-list'), data('ml', ALL, 1))]);
  return { html: lines.join('\n'), keyboard: keyboard(...buttons) };
}

export async function openMyBackorders(ctx: BotContext) {
  const view = await listView(ctx, ALL, 1);
  await show(ctx, view.html, view.keyboard);
}

myBackordersFeature.command('mybackorders', (ctx) => openMyBackorders(ctx));

onButton(myBackordersFeature, 'ml', z.tuple([filter, page]), async (ctx, [status, pageNo]) => {
  const view = await listView(ctx, status, pageNo);
  await show(ctx, view.html, view.keyboard);
});

onButton(myBackordersFeature, 'bd', z.tuple([id]), async (ctx, [backorderId]) => {
  const view = await detailsView(ctx, backorderId);
  await show(ctx, view.html, view.keyboard);
});
