import { Composer } from 'grammy';
import { z } from 'zod';
import { type SavedQuery, savedQuerySchema, watchRules } from '../../../src/index.ts';
import { button, data, id, keyboard, onButton } from '../buttons.ts';
import type { BotContext } from '../context.ts';
import { Refusal } from '../errors.ts';
import { say, show } from '../reply.ts';
import { describe, emptyFilters, type Filters, filtersText, parseFilters } from '../search/filters.ts';
import { resultsData } from '../search/results.ts';
import { Html } from '../text.ts';

// /watch <filters>: a saved search. After every drop-list import the customer gets the names that
// are new and match, in one message per saved search (bots/telegram/watch-alerts.ts writes them
// into the outbox; the dispatcher delivers). /watch alone lists them, with a button to remove each.

export const watchFeature = new Composer<BotContext>();

/** Each saved search is a message after every import: a handful keeps that readable. */
const MAX_WATCHES = 10;

const rulesOf = (ctx: BotContext) => watchRules(ctx.deps.core, 'telegram', savedQuerySchema);

function savedOf(f: Filters): SavedQuery {
  if (f.day || f.page > 1 || f.sort !== 'drop' || f.desc) throw new Refusal('tg-watch-no-paging');
  const q: SavedQuery = {
    ...(f.keyword !== undefined ? { keyword: f.keyword } : {}),
    ...(f.zones.length ? { zones: f.zones } : {}),
    ...(f.minLength !== undefined ? { minLength: f.minLength } : {}),
    ...(f.maxLength !== undefined ? { maxLength: f.maxLength } : {}),
    ...(f.noDigits ? { noDigits: true } : {}),
    ...(f.noHyphens ? { noHyphens: true } : {}),
    ...(f.digitsOnly ? { digitsOnly: true } : {}),
    ...(f.noIdn ? { excludeIdn: true } : {}),
  };
  if (Object.keys(q).length === 0) throw new Refusal('tg-watch-needs-filter');
  return q;
}

const filtersOf = (q: SavedQuery): Filters => ({
  ...emptyFilters(),
  keyword: q.keyword,
  zones: q.zones ?? [],
  minLength: q.minLength,
  maxLength: q.maxLength,
  noDigits: q.noDigits ?? false,
  noHyphens: q.noHyphens ?? false,
  digitsOnly: q.digitsOnly ?? false,
  noIdn: q.excludeIdn ?? false,
});

async function add(ctx: BotContext, typed: string) {
  const { core } = ctx.deps;
  const { text } = ctx;
  const f = parseFilters(typed, core.clock.now());
  const saved = savedOf(f);
  const rules = rulesOf(ctx);
  const owner = { customerId: ctx.customer.id };
  if ((await rules.count(owner)) >= MAX_WATCHES) throw new Refusal('tg-watch-too-many', { max: MAX_WATCHES });
  // The core's search checks the filters (and says how many names match today) before we keep them.
  const today = await core.search.search({ ...saved, pageSize: 1 });
  const rule = await rules.add(owner, saved, filtersText(f));
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
  const rules = await rulesOf(ctx).list({ customerId: ctx.customer.id });
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
  const removed = await rulesOf(ctx).remove({ customerId: ctx.customer.id }, ruleId);
  ctx.toast = ctx.text.label(removed ? 'tg-watch-removed' : 'tg-watch-gone', { id: String(ruleId) });
  await openWatches(ctx);
});
