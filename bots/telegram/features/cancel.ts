import { Composer } from 'grammy';
import { z } from 'zod';
import { CANCELLABLE_STATUSES, displayName, parseDomainName } from '../../../src/index.ts';
import { button, data, id, keyboard, onButton, rows } from '../buttons.ts';
import { actorOf, type BotContext } from '../context.ts';
import { Refusal } from '../errors.ts';
import { show } from '../reply.ts';

// Cancelling, always after a confirmation: /cancel lists what can still be cancelled, /cancel 12
// or /cancel example.com asks about that one, and the cancel buttons of the other views land here.
// Only the customer's own backorders are found; another's number reads as "no such backorder".

export const cancelFeature = new Composer<BotContext>();

const target = z.union([
  z
    .string()
    .trim()
    .regex(/^#?\d{1,9}$/)
    .transform((v) => ({ id: Number(v.replace('#', '')) })),
  z
    .string()
    .trim()
    .min(1)
    .max(253)
    .transform((v) => ({ name: v })),
]);

const cancellable = (status: string) => (CANCELLABLE_STATUSES as readonly string[]).includes(status);

async function confirmView(ctx: BotContext, backorderId: number) {
  const { text } = ctx;
  const b = await ctx.deps.core.backorders.get(backorderId, { customerId: ctx.customer.id });
  if (!cancellable(b.status)) {
    throw new Refusal('tg-cancel-not-allowed', { name: b.display, status: text.label(`status-${b.status}`) });
  }
  return {
    html: text.t(b.held > 0n ? 'tg-cancel-confirm-held' : 'tg-cancel-confirm', {
      name: b.display,
      id: String(b.id),
      amount: text.money(b.held, b.currency),
    }),
    keyboard: keyboard([
      button(text.label('tg-button-confirm-cancel'), data('bC', b.id)),
      button(text.label('tg-button-keep'), data('bd', b.id)),
    ]),
  };
}

async function choose(ctx: BotContext) {
  const { core } = ctx.deps;
  const { text } = ctx;
  const lists = await Promise.all(
    CANCELLABLE_STATUSES.map((status) =>
      core.backorders.list({ customerId: ctx.customer.id, status, pageSize: 50 }),
    ),
  );
  const open = lists.flatMap((l) => l.items).sort((a, b) => b.id - a.id);
  if (open.length === 0) {
    await show(ctx, text.t('tg-cancel-nothing'));
    return;
  }
  await show(
    ctx,
    text.t('tg-cancel-choose'),
    keyboard(
      ...rows(
        open.map((b) => button(`#${b.id} ${b.display}`, data('bc', b.id))),
        2,
      ),
    ),
  );
}

cancelFeature.command('cancel', async (ctx) => {
  const typed = ctx.match.trim();
  if (!typed) return choose(ctx);
  const t = target.safeParse(typed);
  if (!t.success) throw new Refusal('tg-cancel-usage');
  let backorderId: number;
  if ('id' in t.data) backorderId = t.data.id;
  else {
    const { fqdn } = parseDomainName(t.data.name);
    const found = await ctx.deps.core.backorders.list({
      customerId: ctx.customer.id,
      text: fqdn,
      pageSize: 100,
    });
    const open = found.items.find((b) => b.fqdn === fqdn && cancellable(b.status));
    if (!open) throw new Refusal('tg-cancel-no-open', { name: displayName(fqdn) });
    backorderId = open.id;
  }
  const view = await confirmView(ctx, backorderId);
  await show(ctx, view.html, view.keyboard);
});

onButton(cancelFeature, 'bc', z.tuple([id]), async (ctx, [backorderId]) => {
  const view = await confirmView(ctx, backorderId);
  await show(ctx, view.html, view.keyboard);
});

onButton(cancelFeature, 'bC', z.tuple([id]), async (ctx, [backorderId]) => {
  const { text } = ctx;
  const done = await ctx.deps.core.backorders.cancel(backorderId, {
    by: 'customer',
    customerId: ctx.customer.id,
    actor: actorOf(ctx),
  });
  const name = displayName(done.backorder.fqdn);
  ctx.toast = text.label('tg-cancelled-toast');
  await show(
    ctx,
    done.released === null
      ? text.t('tg-cancelled', { name, id: String(backorderId) })
      : text.t('tg-cancelled-released', {
          name,
          id: String(backorderId),
          amount: text.money(done.released, done.backorder.currency),
        }),
    keyboard([button(text.label('tg-button-back-to-list'), data('ml', 'ALL', 1))]),
  );
});
