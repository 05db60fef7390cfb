import { createHash } from 'node:crypto';
import { Composer, InlineKeyboard } from 'grammy';
import type { InlineQueryResultArticle } from 'grammy/types';
import type { BotContext } from '../context.ts';
import { Refusal } from '../errors.ts';
import { offeredZones, offerText } from '../offered.ts';
import { isFlag, parseFilters, toQuery } from '../search/filters.ts';
import { placeLink } from '../start-payload.ts';

// Inline mode: `@bot KEYWORD [zone] [maxlen]` in any chat, or any /search filter text
// (`@bot shop .com len<=6 nodigits`). Twenty names a page, paged by Telegram's offset; each result
// posts the name, its drop time and price, with a button that opens the bot on that name. An empty
// or unreadable query gets one result that says how to search, never an error.

export const inlineFeature = new Composer<BotContext>();

export const INLINE_PAGE = 20;
/** Prices are in the customer's currency: answers are personal and kept by Telegram only briefly. */
const CACHE_SECONDS = 30;
const MAX_PAGE = 500;

/** The inline shorthand: a bare number after the keyword is a maximum length, a bare word a zone. */
export function inlineFilterText(query: string): string {
  const [first, ...rest] = query.trim().split(/\s+/);
  const more = rest.map((t) =>
    /^\d{1,2}$/.test(t) ? `l<=${t}` : /^[\p{L}\p{N}-]+$/u.test(t) && !isFlag(t) ? `.${t}` : t,
  );
  return [first ?? '', ...more].join(' ');
}

/** Telegram's result ids are at most 64 bytes: long names go by their hash. */
const resultId = (fqdn: string) =>
  Buffer.byteLength(fqdn) <= 64 ? fqdn : createHash('sha256').update(fqdn).digest('hex').slice(0, 64);

function hint(ctx: BotContext, title: string, description: string): InlineQueryResultArticle {
  const { text } = ctx;
  return {
    type: 'article',
    id: 'hint',
    title,
    description,
    input_message_content: {
      message_text: text.t('tg-inline-hint-message', { bot: ctx.me.username }),
      parse_mode: 'HTML',
    },
  };
}

inlineFeature.on('inline_query', async (ctx) => {
  const { core } = ctx.deps;
  const { text } = ctx;
  const typed = ctx.inlineQuery.query.trim();
  const page = Math.min(MAX_PAGE, Math.max(1, Number.parseInt(ctx.inlineQuery.offset, 10) || 1));
  const answer = (results: InlineQueryResultArticle[], nextOffset = '') =>
    ctx.answerInlineQuery(results, { cache_time: CACHE_SECONDS, is_personal: true, next_offset: nextOffset });
  if (!typed) {
    await answer([
      hint(ctx, text.label('tg-inline-hint-title'), text.label('tg-inline-hint', { bot: ctx.me.username })),
    ]);
    return;
  }
  let found: Awaited<ReturnType<typeof core.search.search>>;
  try {
    const filters = { ...parseFilters(inlineFilterText(typed), core.clock.now()), page };
    found = await core.search.search(toQuery(filters, INLINE_PAGE));
  } catch (e) {
    const why = e instanceof Refusal ? text.label(e.key, e.args) : text.errorLabel(e);
    await answer([hint(ctx, text.label('tg-inline-bad-title'), why)]);
    return;
  }
  if (found.total === 0 && page === 1) {
    await answer([
      hint(ctx, text.label('tg-inline-none-title'), text.label('tg-inline-hint', { bot: ctx.me.username })),
    ]);
    return;
  }
  const prices = await offeredZones(core, ctx.customer.currency);
  const results = found.items.map((item): InlineQueryResultArticle => {
    const offer = prices.get(item.zone);
    const price = offer ? offerText(text, offer, ctx.customer.currency) : text.label('tg-not-offered');
    const args = { name: item.display, date: text.date(item.dropAt), length: item.length, price };
    const link = offer ? placeLink(ctx.me.username, item.fqdn) : undefined;
    return {
      type: 'article',
      id: resultId(item.fqdn),
      title: item.display,
      description: text.label('tg-inline-description', args),
      input_message_content: { message_text: text.t('tg-inline-message', args), parse_mode: 'HTML' },
      ...(link ? { reply_markup: new InlineKeyboard().url(text.label('tg-inline-button'), link) } : {}),
    };
  });
  const more = page * INLINE_PAGE < found.total && page < MAX_PAGE;
  await answer(results, more ? String(page + 1) : '');
});
