import { Composer } from 'grammy';
import { z } from 'zod';
import { onButton } from '../buttons.ts';
import type { BotContext } from '../context.ts';
import { show } from '../reply.ts';
import { emptyFilters, parseFilters } from '../search/filters.ts';
import { formView } from '../search/form.ts';
import { resultsView } from '../search/results.ts';

// /search with typed filters shows results at once; /search alone opens the guided form. Paging
// and the form's buttons edit the message they belong to.

export const searchFeature = new Composer<BotContext>();

const filtersArg = z.tuple([z.string().max(64)]);

async function results(ctx: BotContext, typed: string) {
  const view = await resultsView(ctx, parseFilters(typed, ctx.deps.core.clock.now()));
  await show(ctx, view.html, view.keyboard);
}

export async function openSearchForm(ctx: BotContext, typed = '') {
  const view = await formView(ctx, typed ? parseFilters(typed, ctx.deps.core.clock.now()) : emptyFilters());
  await show(ctx, view.html, view.keyboard);
}

searchFeature.command('search', async (ctx) => {
  const typed = ctx.match.trim();
  if (typed) await results(ctx, typed);
  else await openSearchForm(ctx);
});

onButton(searchFeature, 's', filtersArg, (ctx, [typed]) => results(ctx, typed));
onButton(searchFeature, 'f', filtersArg, (ctx, [typed]) => openSearchForm(ctx, typed));
