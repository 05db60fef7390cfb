import { Composer } from 'grammy';
import { z } from 'zod';
import { button, data, id, keyboard, onButton } from '../buttons.ts';
import type { BotContext } from '../context.ts';
import { say, show } from '../reply.ts';
import { describe, parseFilters } from '../search/filters.ts';
import { resultsData } from '../search/results.ts';
import { addWatch, filtersOf, rulesOf } from '../search/watches.ts';
import { Html } from '../text.ts';

// /watch <filters>: a saved search. After every drop-list import the customer gets the names that
// are new and match, in one message per saved search (the core's after-import job writes them into
// the outbox; the dispatcher delivers). /watch alone lists them, with a button to remove each.

export const watchFeature = new Composer<BotContext>();

async function add(ctx: BotContext, typed: string) {
  const { core } = ctx.deps;
  const { text } = ctx;
  const f = parseFilters(typed, core.clock.now());
  const { rule, today } = await addWatch(core, ctx.customer.id, f);
  const matches = resultsData(f);
  await say(
    ctx,
    text.t('tg-watch-saved', {
      id: String(rule.id),
      filters: new Html(describe(f, text)),
      count: today.total,
    }),
    keyboard([
      ...(matches && today.total > 0 ? [button(text.label('tg-button-show-matches'), matches)] : []),
      button(text.label('tg-button-remove-watch'), data('wr', rule.id)),
    ]),
  );
}

async function listView(ctx: BotContext) {
  const { text } = ctx;
  const rules = await rulesOf(ctx.deps.core).list({ customerId: ctx.customer.id });
  if (rules.length === 0) return { html: text.t('tg-watch-none'), keyboard: undefined };
  return {
    html: [
      text.t('tg-watch-title', { count: rules.length }),
      ...rules.map((r) =>
        text.t('tg-watch-line', { id: String(r.id), filters: new Html(describe(filtersOf(r.query), text)) }),
      ),
      '',
      text.t('tg-watch-usage'),
    ].join('\n'),
    keyboard: keyboard(
      ...rules.map((r) => [
        button(text.label('tg-button-remove-watch-n', { id: String(r.id) }), data('wr', r.id)),
      ]),
    ),
  };
}

export async function openWatches(ctx: BotContext) {
  const view = await listView(ctx);
  await show(ctx, view.html, view.keyboard);
}

watchFeature.command('watch', async (ctx) => {
  const typed = ctx.match.trim();
  if (typed) await add(ctx, typed);
  else await openWatches(ctx);
});

/** "Alert me" under search results: the same search, saved. */
onButton(watchFeature, 'wa', z.tuple([z.string().max(64)]), (ctx, [typed]) => add(ctx, typed));

onButton(watchFeature, 'wr', z.tuple([id]), async (ctx, [ruleId]) => {
  const removed = await rulesOf(ctx.deps.core).remove({ customerId: ctx.customer.id }, ruleId);
  ctx.toast = ctx.text.label(removed ? 'tg-watch-removed' : 'tg-watch-gone', { id: String(ruleId) });
  await openWatches(ctx);
});
