import type { InlineKeyboard } from 'grammy';
import { type Button, button, fits, keyboard, rows } from '../buttons.ts';
import type { BotContext } from '../context.ts';
import { offeredZones } from '../offered.ts';
import { Html } from '../text.ts';
import { describe, type Filters, filtersText } from './filters.ts';

// The guided search for people who do not type filters: buttons for the zones we sell, a maximum
// length, no digits / no hyphens, a minimum quality score and best first, and the next drop days. Each button carries the whole form with
// its one change (callback data `f:<filters>`), so the form lives in the message, not on a server.

const LENGTHS = [4, 5, 6, 8, 10];
const SCORES = [40, 60, 80];
const ZONES_SHOWN = 8;
const DAYS_SHOWN = 3;

export async function formView(
  ctx: BotContext,
  f: Filters,
): Promise<{ html: string; keyboard: InlineKeyboard }> {
  const { core } = ctx.deps;
  const { text } = ctx;
  const [prices, days] = await Promise.all([
    offeredZones(core, ctx.customer.currency),
    core.search.upcomingDays(DAYS_SHOWN),
  ]);
  const base: Filters = { ...f, page: 1 };
  const option = (label: string, chosen: boolean, next: Filters): Button[] => {
    const d = `f:${filtersText(next)}`;
    // A typed keyword can make the form too long for a button; that option is then left out.
    return fits(d) ? [button(chosen ? `✓ ${label}` : label, d)] : [];
  };
  const toggle = <T>(list: T[], v: T) =>
    list.includes(v) ? list.filter((x) => x !== v) : [...list, v].sort();

  const zones = [...new Set([...base.zones, ...[...prices.keys()].slice(0, ZONES_SHOWN)])].flatMap((z) =>
    option(`.${z}`, base.zones.includes(z), { ...base, zones: toggle(base.zones, z) }),
  );
  const lengths = [
    ...LENGTHS.flatMap((n) =>
      option(text.label('tg-form-max-length', { n }), base.maxLength === n, { ...base, maxLength: n }),
    ),
    ...option(text.label('tg-form-any-length'), base.maxLength === undefined, {
      ...base,
      maxLength: undefined,
    }),
  ];
  const flags = [
    ...option(text.label('tg-form-no-digits'), base.noDigits, { ...base, noDigits: !base.noDigits }),
    ...option(text.label('tg-form-no-hyphens'), base.noHyphens, { ...base, noHyphens: !base.noHyphens }),
  ];
  const best = base.sort === 'score' && base.desc;
  const quality = [
    ...SCORES.flatMap((n) =>
      option(text.label('tg-form-min-score', { n }), base.minScore === n, {
        ...base,
        minScore: base.minScore === n ? 0 : n,
      }),
    ),
    ...option(text.label('tg-form-best-first'), best, {
      ...base,
      ...(best ? { sort: 'drop', desc: false } : { sort: 'score', desc: true }),
    }),
  ];
  const dayButtons = [
    ...option(text.label('tg-form-any-day'), base.day === undefined, { ...base, day: undefined }),
    ...days.flatMap((d) =>
      option(text.label('tg-day-count', { day: d.date.slice(5), count: d.count }), base.day === d.date, {
        ...base,
        day: d.date,
      }),
    ),
  ];
  const show = `s:${filtersText(base)}`;
  const html = [
    text.t('tg-form-title'),
    text.t('tg-form-current', { filters: new Html(describe(base, text)) }),
    text.t('tg-form-hint'),
  ].join('\n');
  return {
    html,
    keyboard: keyboard(
      ...rows(zones, 4),
      ...rows(lengths, 6),
      flags,
      quality,
      ...rows(dayButtons, 4),
      fits(show) ? [button(text.label('tg-form-show'), show)] : [],
    ),
  };
}
