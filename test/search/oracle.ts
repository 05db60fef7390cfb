import { domainToASCII } from 'node:url';
import type { DropRow } from './fixtures.ts';

// The search computed the obvious way, straight from the test's words, sharing no code with the
// product: a regular expression per keyword, calendar days by Date.UTC, Array.sort for the order.

export interface Ask {
  keyword?: string;
  zones?: string[];
  minLength?: number;
  maxLength?: number;
  minLetters?: number;
  maxLetters?: number;
  minDigits?: number;
  maxDigits?: number;
  minHyphens?: number;
  maxHyphens?: number;
  noDigits?: boolean;
  digitsOnly?: boolean;
  noHyphens?: boolean;
  excludeIdn?: boolean;
  minScore?: number;
  from?: string;
  to?: string;
  includePast?: boolean;
  sort?: 'fqdn' | 'dropAt' | 'length' | 'digits' | 'hyphens' | 'score';
  order?: 'asc' | 'desc';
  page?: number;
  pageSize?: number;
}

const DAY_MS = 86_400_000;

function dayStart(text: string): number {
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
}

/** Lower and upper bound (both included) in epoch ms. */
function bounds(ask: Ask): [number, number] {
  const lo =
    ask.from === undefined
      ? -Infinity
      : ask.from.length === 10
        ? dayStart(ask.from)
        : new Date(ask.from).getTime();
  const hi =
    ask.to === undefined
      ? Infinity
      : ask.to.length === 10
        ? dayStart(ask.to) + DAY_MS - 1
        : new Date(ask.to).getTime();
  return [lo, hi];
}

function keywordRegex(keyword: string): RegExp {
  let k = keyword.trim().toLowerCase();
  if (/[^\x00-\x7f]/.test(k)) k = domainToASCII(`${k}.test`).replace(/\.test$/, '');
  const body = k
    .split('*')
    .map((part) => part.replace(/[-]/g, '\\-'))
    .join('.*');
  return k.includes('*') ? new RegExp(`^${body}$`) : new RegExp(body);
}

export function expected(rows: DropRow[], ask: Ask, now: Date): { total: number; fqdns: string[] } {
  const [lo, hi] = bounds(ask);
  const zones = ask.zones?.map((z) => z.trim().toLowerCase().replace(/^\./, ''));
  const re = ask.keyword && ask.keyword.replace(/\*/g, '') !== '' ? keywordRegex(ask.keyword) : undefined;
  const within = (v: number, min = 0, max = 99) => v >= min && v <= max;
  const hits = rows.filter(
    (r) =>
      (ask.includePast || r.dropAt.getTime() > now.getTime()) &&
      r.dropAt.getTime() >= lo &&
      r.dropAt.getTime() <= hi &&
      (!zones?.length || zones.includes(r.zone)) &&
      (!re || re.test(r.label)) &&
      within(r.length, ask.minLength, ask.maxLength) &&
      within(r.letters, ask.minLetters, ask.maxLetters) &&
      within(r.digits, ask.minDigits, ask.maxDigits) &&
      within(r.hyphens, ask.minHyphens, ask.maxHyphens) &&
      (!ask.noDigits || r.digits === 0) &&
      (!ask.noHyphens || r.hyphens === 0) &&
      (!ask.digitsOnly || /^[0-9]+$/.test(r.label)) &&
      (!ask.excludeIdn || !r.label.startsWith('xn--')) &&
      r.score >= (ask.minScore ?? 0),
  );
  const sort = ask.sort ?? 'dropAt';
  const dir = ask.order === 'desc' ? -1 : 1;
  const value = (r: DropRow) => (sort === 'dropAt' ? r.dropAt.getTime() : sort === 'fqdn' ? 0 : r[sort]);
  const byFqdn = (a: DropRow, b: DropRow) => (a.fqdn < b.fqdn ? -1 : a.fqdn > b.fqdn ? 1 : 0);
  hits.sort((a, b) => (sort === 'fqdn' ? dir * byFqdn(a, b) : dir * (value(a) - value(b)) || byFqdn(a, b)));
  const size = ask.pageSize ?? 20;
  const start = ((ask.page ?? 1) - 1) * size;
  return { total: hits.length, fqdns: hits.slice(start, start + size).map((r) => r.fqdn) };
}
