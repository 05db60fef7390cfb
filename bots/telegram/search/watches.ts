import { type Core, type SavedQuery, savedQuerySchema, watchRules } from '../../../src/index.ts';
import { Refusal } from '../errors.ts';
import { emptyFilters, type Filters, filtersText } from './filters.ts';

// Saved searches ("alerts") of Telegram customers, as /watch and the Mini App keep them: the same
// filters as a search, without day, sort or page, at most a handful per customer.

/** Each saved search is a message after every import: a handful keeps that readable. */
export const MAX_WATCHES = 10;

export const rulesOf = (core: Core) => watchRules(core, 'telegram', savedQuerySchema);

export function savedOf(f: Filters): SavedQuery {
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
    ...(f.minScore > 0 ? { minScore: f.minScore } : {}),
  };
  if (Object.keys(q).length === 0) throw new Refusal('tg-watch-needs-filter');
  return q;
}

export const filtersOf = (q: SavedQuery): Filters => ({
  ...emptyFilters(),
  keyword: q.keyword,
  zones: q.zones ?? [],
  minLength: q.minLength,
  maxLength: q.maxLength,
  noDigits: q.noDigits ?? false,
  noHyphens: q.noHyphens ?? false,
  digitsOnly: q.digitsOnly ?? false,
  noIdn: q.excludeIdn ?? false,
  minScore: q.minScore ?? 0,
});

/** Saves the filters as an alert of the customer's, after the core's search has checked them. */
export async function addWatch(core: Core, customerId: number, f: Filters) {
  const saved = savedOf(f);
  const rules = rulesOf(core);
  const owner = { customerId };
  if ((await rules.count(owner)) >= MAX_WATCHES) throw new Refusal('tg-watch-too-many', { max: MAX_WATCHES });
  // The search checks the filters (and says how many names match today) before we keep them.
  const today = await core.search.search({ ...saved, pageSize: 1 });
  const rule = await rules.add(owner, saved, filtersText(f));
  return { rule, today };
}
