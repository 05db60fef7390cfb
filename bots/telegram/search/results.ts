import type { InlineKeyboard } from 'grammy';
import { displayName, finalizationOf } from '../../../src/index.ts';
import { type Button, button, data, fits, keyboard, rows } from '../buttons.ts';
import type { BotContext } from '../context.ts';
import { offeredZones, offerText } from '../offered.ts';
import { Html } from '../text.ts';
import { describe, type Filters, filtersText, toQuery } from './filters.ts';

// One page of search results: name, drop time (UTC), price (and Lite price) and the finalization
// deadline a backorder placed now would get, per line; a Backorder button for each name we offer, paging, a way into the guided form, and the next drop days below.

export const PAGE_SIZE = 10;
const UPCOMING_DAYS = 3;

/** Callback data of a results page, or undefined when the filters are too long for a button. */
export const resultsData = (f: Filters) => {
  const d = `s:${filtersText(f)}`;
  return fits(d) ? d : undefined;
};
const formData = (f: Filters) => {
  const d = `f:${filtersText({ ...f, page: 1 })}`;
  return fits(d) ? d : undefined;
};

export async function resultsView(
  ctx: BotContext,
  f: Filters,
): Promise<{ html: string; keyboard: InlineKeyboard }> {
  const { core } = ctx.deps;
  const { text } = ctx;
  const [found, prices, days] = await Promise.all([
    core.search.search(toQuery(f, PAGE_SIZE)),
    offeredZones(core, ctx.customer.currency),
    core.search.upcomingDays(UPCOMING_DAYS),
  ]);
  const pages = Math.max(1, Math.ceil(found.total / PAGE_SIZE));
  const lines = [text.t('tg-search-title', { total: found.total, filters: new Html(describe(f, text)) })];
  if (found.total > 0) lines.push(text.t('tg-search-page', { page: Math.min(f.page, pages), pages }));
  lines.push('');
  const place: Button[] = [];
  found.items.forEach((item, i) => {
    const price = prices.get(item.zone);
    lines.push(
      text.t('tg-search-line', {
        n: (f.page - 1) * PAGE_SIZE + i + 1,
        name: item.display,
        date: text.date(item.dropAt),
        price:
          price === undefined ? text.label('tg-not-offered') : offerText(text, price, ctx.customer.currency),
        deadline: text.date(finalizationOf(item.dropAt)!),
        score: item.score,
      }),
    );
    // A name longer than a button can carry is still shown; /backorder takes it typed.
    if (price !== undefined && fits(`bo:${item.fqdn}`))
      place.push(
        button(text.label('tg-button-backorder', { name: displayName(item.fqdn) }), data('bo', item.fqdn)),
      );
  });
  if (found.total === 0) lines.push(text.t('tg-search-none'));
  else if (found.items.length === 0) lines.push(text.t('tg-search-past-end'));
  if (days.length) {
    const list = days.map((d) => text.t('tg-day-count', { day: d.date, count: d.count })).join(' · ');
    lines.push('', text.t('tg-search-upcoming', { days: new Html(list) }));
  }
  const paging: Button[] = [];
  const prev = f.page > 1 ? resultsData({ ...f, page: Math.min(f.page - 1, pages) }) : undefined;
  const next = f.page < pages ? resultsData({ ...f, page: f.page + 1 }) : undefined;
  if (prev) paging.push(button(text.label('tg-button-prev'), prev));
  if (next) paging.push(button(text.label('tg-button-next'), next));
  const refine = formData(f);
  const watch = `wa:${filtersText({ ...f, page: 1, day: undefined, sort: 'drop', desc: false })}`;
  const tools: Button[] = [];
  if (refine) tools.push(button(text.label('tg-button-refine'), refine));
  if (found.total > 0 && fits(watch)) tools.push(button(text.label('tg-button-watch-this'), watch));
  if (!refine) lines.push('', text.t('tg-search-no-buttons'));
  return { html: lines.join('\n'), keyboard: keyboard(...rows(place, 2), paging, tools) };
}
