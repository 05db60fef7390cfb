import { z } from 'zod';
import { normaliseZone } from '../domain/domain-name.ts';
import { InvalidInput } from '../errors.ts';
import { parseBound } from './dates.ts';
import { type KeywordPattern, parseKeyword } from './keyword.ts';

// The one search query, shared by the CLI and the bots: what a user may ask, validated here once,
// so every adapter gets the same rules and the same messages.

export const SORT_FIELDS = ['fqdn', 'dropAt', 'length', 'digits', 'hyphens', 'score'] as const;
export type SortField = (typeof SORT_FIELDS)[number];
export const STATS = ['length', 'letters', 'digits', 'hyphens'] as const;
export type Stat = (typeof STATS)[number];
export interface Range {
  min?: number;
  max?: number;
}

/** What was sent, quoted in an error message: whatever it is (`{"toString": null}` too), never a throw. */
function shown(v: unknown): string {
  try {
    return (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)).slice(0, 40);
  } catch {
    return typeof v;
  }
}

/** Whole numbers arrive as numbers from bots and as text from the CLI and chat commands. */
const whole = (min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v),
    z
      .number({
        error: (i) => `must be a whole number from ${min} to ${max} (got "${shown(i.input)}")`,
      })
      .int(`must be a whole number from ${min} to ${max}`)
      .min(min, `must be a whole number from ${min} to ${max}`)
      .max(max, `must be a whole number from ${min} to ${max}`),
  );
const count = whole(0, 63).optional();

const dateMessage = (v: unknown) => `must be a date YYYY-MM-DD or an ISO-8601 instant (got "${shown(v)}")`;

const bound = (end: 'from' | 'to') =>
  z
    .union([z.date(), z.string()], { error: (i) => dateMessage(i.input) })
    .transform((v, ctx) => {
      const d = v instanceof Date ? v : parseBound(v, end);
      if (!d) {
        ctx.addIssue({ code: 'custom', message: dateMessage(v) });
        return z.NEVER;
      }
      return d;
    })
    .optional();

const flag = z.boolean().default(false);

export const searchQuerySchema = z
  .object({
    keyword: z
      .string()
      .max(200)
      .optional()
      .transform((v, ctx): KeywordPattern | undefined => {
        const r = parseKeyword(v ?? '');
        if ('problem' in r) {
          ctx.addIssue({ code: 'custom', message: `"${v}" ${r.problem}` });
          return z.NEVER;
        }
        return r.pattern;
      }),
    zones: z
      .array(z.string().max(253))
      .max(100)
      .default([])
      .transform((list, ctx) => {
        const out = new Set<string>();
        for (const z0 of list) {
          try {
            out.add(normaliseZone(z0));
          } catch {
            ctx.addIssue({ code: 'custom', message: `"${z0.slice(0, 60)}" is not a valid zone` });
          }
        }
        return [...out].sort();
      }),
    minLength: count,
    maxLength: count,
    minLetters: count,
    maxLetters: count,
    minDigits: count,
    maxDigits: count,
    minHyphens: count,
    maxHyphens: count,
    /** the quality score (src/score) at least this */
    minScore: whole(0, 100).default(0),
    noDigits: flag,
    digitsOnly: flag,
    noHyphens: flag,
    excludeIdn: flag,
    from: bound('from'),
    to: bound('to'),
    /** past drops too (staff, history); users see only names still to drop */
    includePast: flag,
    sort: z.enum(SORT_FIELDS, { error: `must be one of ${SORT_FIELDS.join(', ')}` }).default('dropAt'),
    order: z.enum(['asc', 'desc'], { error: 'must be asc or desc' }).default('asc'),
    pageSize: whole(1, 100).default(20),
    page: whole(1, 1_000_000).default(1),
  })
  .strict()
  .transform((q, ctx) => {
    const ranges: Record<Stat, Range> = {
      length: { min: q.minLength, max: q.maxLength },
      letters: { min: q.minLetters, max: q.maxLetters },
      digits: { min: q.minDigits, max: q.maxDigits },
      hyphens: { min: q.minHyphens, max: q.maxHyphens },
    };
    if (q.noDigits && q.digitsOnly) {
      ctx.addIssue({ code: 'custom', path: ['digitsOnly'], message: 'cannot be combined with noDigits' });
    }
    // The flags are ranges in disguise: an ASCII label holds only letters, digits and hyphens, so
    // "digits only" is "no letters and no hyphens".
    const limitedBy: Partial<Record<Stat, string>> = {};
    const tighten = (s: Stat, flag: string) => {
      ranges[s].max = 0;
      limitedBy[s] = flag;
    };
    if (q.noDigits) tighten('digits', 'noDigits');
    if (q.noHyphens) tighten('hyphens', 'noHyphens');
    if (q.digitsOnly) {
      tighten('letters', 'digitsOnly');
      tighten('hyphens', 'digitsOnly');
    }
    for (const s of STATS) {
      const { min, max } = ranges[s];
      const cap = s[0]!.toUpperCase() + s.slice(1);
      if (min !== undefined && max !== undefined && min > max) {
        const by = limitedBy[s] ? `${limitedBy[s]} allows` : `max${cap} is`;
        ctx.addIssue({ code: 'custom', path: [`min${cap}`], message: `${min} is more than ${by} ${max}` });
      }
    }
    if (q.from && q.to && q.from > q.to) {
      ctx.addIssue({
        code: 'custom',
        path: ['from'],
        message: `${q.from.toISOString()} is after the end of the range, ${q.to.toISOString()}`,
      });
    }
    return {
      keyword: q.keyword,
      zones: q.zones,
      ranges,
      excludeIdn: q.excludeIdn,
      minScore: q.minScore,
      from: q.from,
      to: q.to,
      includePast: q.includePast,
      sort: q.sort,
      order: q.order,
      page: q.page,
      pageSize: q.pageSize,
    };
  });

export type SearchQueryInput = z.input<typeof searchQuerySchema>;
export type SearchQuery = z.output<typeof searchQuerySchema>;

export type FieldNames = Partial<Record<keyof SearchQueryInput, string>>;

/**
 * Validate a query; every problem is named in one InvalidInput (exit 2 on the CLI). `names` are
 * how the caller's users know the fields (`--min-length`), used in the message instead.
 */
export function parseSearchQuery(input: unknown, names: FieldNames = {}): SearchQuery {
  const r = searchQuerySchema.safeParse(input ?? {});
  if (r.success) return r.data;
  // The path is a field name; a message mentions other fields by their camelCase names only.
  const camel = Object.keys(names).filter((f) => /[A-Z]/.test(f));
  const inText = new RegExp(`\\b(${camel.join('|') || '$^'})\\b`, 'g');
  const named = (f: string) => names[f as keyof FieldNames] ?? f;
  const problems = r.error.issues.map((i) => {
    const text = i.message.replace(inText, named);
    return i.path.length ? `${i.path.map(String).map(named).join('.')}: ${text}` : text;
  });
  throw new InvalidInput(`bad search: ${problems.join('; ')}`, { problems: problems.join('; ') });
}

export interface SearchItem {
  /** ASCII (punycode) form */
  fqdn: string;
  /** Unicode form for display */
  display: string;
  label: string;
  zone: string;
  dropAt: Date;
  length: number;
  letters: number;
  digits: number;
  hyphens: number;
  idn: boolean;
  /** quality score, 0-100 */
  score: number;
}

export interface SearchResult {
  total: number;
  page: number;
  pageSize: number;
  items: SearchItem[];
}

export interface DropDay {
  /** UTC day, `YYYY-MM-DD` */
  date: string;
  count: number;
}

/**
 * A search backend: the memory index and plain SQL (SQLite or PostgreSQL) answer the same query
 * with the same rows in the same order. `now` separates past from future drops.
 */
export interface SearchIndex {
  search(q: SearchQuery, now: Date): Promise<SearchResult>;
  /** The next `days` UTC days holding future drops, with how many names drop on each. */
  upcomingDays(days: number, now: Date): Promise<DropDay[]>;
}
