import { z } from 'zod';
import { DAY, type SearchQueryInput } from '../../../src/index.ts';
import { Refusal } from '../errors.ts';
import type { Text } from '../text.ts';

// The search filters as people type them after /search and /watch, and as buttons carry them:
//   shop  zone=com,net  .de  len<=6  len>=3  nodigits  nohyphens  digitsonly  noidn
//   day=2026-12-02 (or today, tomorrow)  score>=60  best (best first: sort=-score)
//   sort=length (-length: longest first)  page=2
// Every filter also has a short form (z= l<= nd nh od ni d= sc>= s= p=); the short form is the canonical
// text a button's callback data holds, so paging and the guided form need no state on our side.
// What the words mean is the core's business: the result goes through its search schema.

const SORTS = { drop: 'dropAt', length: 'length', name: 'fqdn', score: 'score' } as const;
type SortName = keyof typeof SORTS;

export interface Filters {
  keyword?: string;
  zones: string[];
  minLength?: number;
  maxLength?: number;
  noDigits: boolean;
  noHyphens: boolean;
  digitsOnly: boolean;
  noIdn: boolean;
  /** the quality score at least this (0: any) */
  minScore: number;
  /** one UTC day, YYYY-MM-DD */
  day?: string;
  sort: SortName;
  desc: boolean;
  page: number;
}

export const emptyFilters = (): Filters => ({
  zones: [],
  noDigits: false,
  noHyphens: false,
  digitsOnly: false,
  noIdn: false,
  minScore: 0,
  sort: 'drop',
  desc: false,
  page: 1,
});

const MAX_INPUT = 300;
const MAX_TOKENS = 15;

const input = z.string().max(MAX_INPUT);
const lengthValue = z.coerce.number().int().min(1).max(63);
const pageValue = z.coerce.number().int().min(1).max(100_000);
const zoneValue = z
  .string()
  .regex(/^\.?[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)*$/u)
  .max(63)
  .transform((v) => v.replace(/^\./, '').toLowerCase());
const sortValue = z.string().regex(/^-?(drop|length|name|score)$/);
const scoreValue = z.coerce.number().int().min(0).max(100);

const FLAGS: Record<string, 'noDigits' | 'noHyphens' | 'digitsOnly' | 'noIdn'> = {
  nodigits: 'noDigits',
  nd: 'noDigits',
  nohyphens: 'noHyphens',
  nh: 'noHyphens',
  digitsonly: 'digitsOnly',
  od: 'digitsOnly',
  noidn: 'noIdn',
  ni: 'noIdn',
};

/** The filter a flag word sets; own keys only, so `constructor` or `__proto__` is a keyword. */
const flagOf = (word: string) => (Object.hasOwn(FLAGS, word) ? FLAGS[word] : undefined);

/** A flag word (`nodigits`, `nd`…), which a bare word must not be read as instead. */
export const isFlag = (token: string) => flagOf(token.toLowerCase()) !== undefined;

const bad = (token: string) => new Refusal('tg-search-bad-filter', { filter: token.slice(0, 40) });

function dayOf(value: string, now: Date): string | undefined {
  const v = value.toLowerCase();
  if (v === 'today') return now.toISOString().slice(0, 10);
  if (v === 'tomorrow') return new Date(now.getTime() + DAY).toISOString().slice(0, 10);
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(v);
  if (!m) return undefined;
  const day = `${m[1]}-${m[2]}-${m[3]}`;
  // 2026-02-30 is not a day; a round trip through Date shows it. A month 13 or 00 is no Date at
  // all, and toISOString would throw on it.
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day ? day : undefined;
}

function value<T>(schema: z.ZodType<T>, raw: string, token: string): T {
  const r = schema.safeParse(raw);
  if (!r.success) throw bad(token);
  return r.data;
}

/** Typed or button text → filters. Throws a Refusal naming the first filter it cannot read. */
export function parseFilters(text: string, now: Date): Filters {
  if (!input.safeParse(text).success) throw new Refusal('tg-search-too-long', { max: MAX_INPUT });
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  if (tokens.length > MAX_TOKENS) throw new Refusal('tg-search-too-many', { max: MAX_TOKENS });
  const f = emptyFilters();
  for (const token of tokens) {
    const lower = token.toLowerCase();
    const flag = flagOf(lower);
    if (flag) {
      f[flag] = true;
      continue;
    }
    if (lower === 'best') {
      f.sort = 'score';
      f.desc = true;
      continue;
    }
    const score = /^(?:score|sc)(>=|=)(.+)$/.exec(lower);
    if (score) {
      f.minScore = value(scoreValue, score[2]!, token);
      continue;
    }
    if (lower.startsWith('.') && !lower.includes('=')) {
      f.zones.push(value(zoneValue, lower, token));
      continue;
    }
    const len = /^(?:len|length|l)(<=|>=|=|<|>)(.+)$/.exec(lower);
    if (len) {
      const n = value(lengthValue, len[2]!, token);
      const op = len[1]!;
      if (op === '<=' || op === '=') f.maxLength = n;
      if (op === '>=' || op === '=') f.minLength = n;
      if (op === '<') f.maxLength = value(lengthValue, String(n - 1), token);
      if (op === '>') f.minLength = value(lengthValue, String(n + 1), token);
      continue;
    }
    const pair = /^([a-z]+)=(.*)$/.exec(lower);
    if (pair) {
      const [, key, raw] = pair as unknown as [string, string, string];
      if (key === 'zone' || key === 'z') {
        for (const zone of raw.split(',').filter(Boolean)) f.zones.push(value(zoneValue, zone, token));
      } else if (key === 'day' || key === 'd') {
        f.day = dayOf(raw, now);
        if (!f.day) throw bad(token);
      } else if (key === 'sort' || key === 's') {
        const s = value(sortValue, raw, token);
        f.desc = s.startsWith('-');
        f.sort = s.replace('-', '') as SortName;
      } else if (key === 'page' || key === 'p') {
        f.page = value(pageValue, raw, token);
      } else throw bad(token);
      continue;
    }
    if (/[=<>]/.test(token)) throw bad(token);
    if (f.keyword !== undefined)
      throw new Refusal('tg-search-one-keyword', { first: f.keyword, second: token.slice(0, 40) });
    f.keyword = token;
  }
  f.zones = [...new Set(f.zones)].sort();
  return f;
}

/** The canonical short text of the filters (what buttons carry); parseFilters reads it back. */
export function filtersText(f: Filters): string {
  const parts: string[] = [];
  if (f.keyword) parts.push(f.keyword);
  if (f.zones.length) parts.push(`z=${f.zones.join(',')}`);
  if (f.minLength !== undefined && f.minLength === f.maxLength) parts.push(`l=${f.minLength}`);
  else {
    if (f.minLength !== undefined) parts.push(`l>=${f.minLength}`);
    if (f.maxLength !== undefined) parts.push(`l<=${f.maxLength}`);
  }
  if (f.noDigits) parts.push('nd');
  if (f.noHyphens) parts.push('nh');
  if (f.digitsOnly) parts.push('od');
  if (f.noIdn) parts.push('ni');
  if (f.minScore > 0) parts.push(`sc>=${f.minScore}`);
  if (f.day) parts.push(`d=${f.day.replaceAll('-', '')}`);
  if (f.sort !== 'drop' || f.desc) parts.push(`s=${f.desc ? '-' : ''}${f.sort}`);
  if (f.page > 1) parts.push(`p=${f.page}`);
  return parts.join(' ');
}

/** Filters as the core's search query. */
export function toQuery(f: Filters, pageSize: number): SearchQueryInput {
  return {
    ...(f.keyword !== undefined ? { keyword: f.keyword } : {}),
    zones: f.zones,
    ...(f.minLength !== undefined ? { minLength: f.minLength } : {}),
    ...(f.maxLength !== undefined ? { maxLength: f.maxLength } : {}),
    noDigits: f.noDigits,
    noHyphens: f.noHyphens,
    digitsOnly: f.digitsOnly,
    excludeIdn: f.noIdn,
    minScore: f.minScore,
    ...(f.day ? { from: f.day, to: f.day } : {}),
    sort: SORTS[f.sort],
    order: f.desc ? 'desc' : 'asc',
    page: f.page,
    pageSize,
  };
}

/** "shop · .com, .net · at most 6 characters · no digits", in the customer's words (HTML). */
export function describe(f: Filters, text: Text): string {
  const parts: string[] = [];
  if (f.keyword) parts.push(text.t('tg-f-keyword', { keyword: f.keyword }));
  if (f.zones.length) parts.push(f.zones.map((z0) => text.t('tg-f-zone', { zone: z0 })).join(', '));
  if (f.minLength !== undefined && f.minLength === f.maxLength)
    parts.push(text.t('tg-f-length', { n: f.minLength }));
  else {
    if (f.minLength !== undefined) parts.push(text.t('tg-f-min-length', { n: f.minLength }));
    if (f.maxLength !== undefined) parts.push(text.t('tg-f-max-length', { n: f.maxLength }));
  }
  if (f.noDigits) parts.push(text.t('tg-f-no-digits'));
  if (f.noHyphens) parts.push(text.t('tg-f-no-hyphens'));
  if (f.digitsOnly) parts.push(text.t('tg-f-digits-only'));
  if (f.noIdn) parts.push(text.t('tg-f-no-idn'));
  if (f.minScore > 0) parts.push(text.t('tg-f-min-score', { n: f.minScore }));
  if (f.sort === 'score' && f.desc) parts.push(text.t('tg-f-best-first'));
  if (f.day) parts.push(text.t('tg-f-day', { day: f.day }));
  return parts.length ? parts.join(' · ') : text.t('tg-f-everything');
}
