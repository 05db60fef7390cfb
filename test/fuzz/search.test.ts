import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAY } from '../../src/clock.ts';
import { InvalidInput } from '../../src/errors.ts';
import { parseBound } from '../../src/search/dates.ts';
import { parseKeyword } from '../../src/search/keyword.ts';
import { parseSearchQuery, type SearchQuery, SORT_FIELDS } from '../../src/search/query.ts';
import { anyJson, anyText, mustRefuseWith, mutated, mutatedObject, nearly } from './arbitraries.ts';

// One query schema serves the CLI, three bots and the Mini App, each passing on what its users
// typed (text from chats and the command line, numbers and booleans from JSON). Whatever arrives,
// the answer is a query the search backends can run or one InvalidInput naming every bad field.

const FIELDS = [
  'keyword',
  'zones',
  'minLength',
  'maxLength',
  'minLetters',
  'maxLetters',
  'minDigits',
  'maxDigits',
  'minHyphens',
  'maxHyphens',
  'minScore',
  'noDigits',
  'digitsOnly',
  'noHyphens',
  'excludeIdn',
  'from',
  'to',
  'includePast',
  'sort',
  'order',
  'pageSize',
  'page',
] as const;

const dayText = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

const validQuery = fc.record(
  {
    keyword: fc.constantFrom('shop', 'car*', '*ab', 'a*b', 'bücher', 'xn--bcher-kva', ''),
    zones: fc.uniqueArray(fc.constantFrom('com', '.NET', 'co.uk', 'рф', 'de'), { maxLength: 4 }),
    minLength: fc.integer({ min: 0, max: 63 }),
    maxLength: fc.oneof(fc.integer({ min: 0, max: 63 }), fc.integer({ min: 0, max: 63 }).map(String)),
    minDigits: fc.integer({ min: 0, max: 63 }),
    maxHyphens: fc.integer({ min: 0, max: 63 }),
    minScore: fc.integer({ min: 0, max: 100 }),
    noDigits: fc.boolean(),
    digitsOnly: fc.boolean(),
    noHyphens: fc.boolean(),
    excludeIdn: fc.boolean(),
    from: fc.oneof(dayText, fc.date({ noInvalidDate: true, min: new Date(0) })),
    to: fc.oneof(
      dayText,
      dayText.map((d) => `${d}T12:30:00+02:00`),
    ),
    includePast: fc.boolean(),
    sort: fc.constantFrom(...SORT_FIELDS),
    order: fc.constantFrom('asc', 'desc'),
    pageSize: fc.integer({ min: 1, max: 100 }),
    page: fc.oneof(fc.integer({ min: 1, max: 1_000_000 }), fc.constant(' 7 ')),
  },
  { requiredKeys: [] },
);

/** A field with a value of any type, as a careless client sends it. */
const anyField = fc.tuple(fc.constantFrom(...FIELDS), fc.oneof(anyJson, anyText(40), fc.integer()));

const queries: fc.Arbitrary<unknown> = fc.oneof(
  validQuery,
  mutatedObject(validQuery),
  fc
    .tuple(validQuery, fc.array(anyField, { maxLength: 3 }))
    .map(([q, extra]) => ({ ...q, ...Object.fromEntries(extra) })),
  anyJson,
  fc.dictionary(anyText(12), anyJson, { maxKeys: 4 }),
);

const isQueryRefusal = (e: unknown) =>
  e instanceof InvalidInput && e.code === 'INVALID_INPUT' && e.message.startsWith('bad search: ');

function checkValid(q: SearchQuery): void {
  for (const { min, max } of Object.values(q.ranges)) {
    if (min !== undefined) expect(Number.isInteger(min) && min >= 0 && min <= 63).toBe(true);
    if (max !== undefined) expect(Number.isInteger(max) && max >= 0 && max <= 63).toBe(true);
    if (min !== undefined && max !== undefined) expect(min).toBeLessThanOrEqual(max);
  }
  for (const z of q.zones) expect(z).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)*$/);
  expect(q.zones).toEqual([...new Set(q.zones)].sort());
  if (q.from) expect(Number.isNaN(q.from.getTime())).toBe(false);
  if (q.to) expect(Number.isNaN(q.to.getTime())).toBe(false);
  if (q.from && q.to) expect(q.from.getTime()).toBeLessThanOrEqual(q.to.getTime());
  expect(SORT_FIELDS).toContain(q.sort);
  expect(['asc', 'desc']).toContain(q.order);
  expect(Number.isInteger(q.page) && q.page >= 1 && q.page <= 1_000_000).toBe(true);
  expect(Number.isInteger(q.pageSize) && q.pageSize >= 1 && q.pageSize <= 100).toBe(true);
  expect(Number.isInteger(q.minScore) && q.minScore >= 0 && q.minScore <= 100).toBe(true);
  if (q.keyword) for (const s of q.keyword.segments) expect(s).toMatch(/^[a-z0-9-]+$/);
}

describe('search query', () => {
  it('turns any input into a runnable query or one InvalidInput naming the fields', () => {
    fc.assert(
      fc.property(queries, (input) => {
        let q: SearchQuery;
        try {
          q = parseSearchQuery(input, { minLength: '--min-length', maxLength: '--max-length' });
        } catch (e) {
          mustRefuseWith(e, isQueryRefusal);
          // the caller's names for the fields, never the schema's
          expect((e as Error).message).not.toMatch(/\b(minLength|maxLength)\b/);
          return;
        }
        checkValid(q);
      }),
      {
        numRuns: 2000,
        // found by a CI run: quoting what was sent called String() on an object without toString
        examples: [
          [{ maxHyphens: { toString: null } }],
          [{ from: { toString: null } }],
          [{ maxLength: Symbol('x') }],
        ],
      },
    );
  });

  it('accepts every query within the rules', () => {
    fc.assert(
      fc.property(validQuery, (input) => {
        const consistent = {
          ...input,
          ...(input.noDigits && input.digitsOnly ? { digitsOnly: false } : {}),
        };
        const q = (() => {
          try {
            return parseSearchQuery(consistent);
          } catch (e) {
            // only the cross-field rules may refuse a query of valid fields
            expect((e as Error).message).toMatch(/is more than|is after the end of the range/);
            return undefined;
          }
        })();
        if (q) checkValid(q);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('keyword', () => {
  it('reads any keyword as a pattern of label characters or a problem in words', () => {
    fc.assert(
      fc.property(
        nearly(fc.constantFrom('shop', 'car*', '**a*b*', 'bücher', 'xn--bcher-kva', 'ß*'), 80),
        (text) => {
          const r = parseKeyword(text);
          if ('problem' in r) {
            expect(r.problem.length).toBeGreaterThan(10);
            return;
          }
          if (!r.pattern) return;
          expect(r.pattern.segments.length).toBeGreaterThan(0);
          for (const s of r.pattern.segments) expect(s).toMatch(/^[a-z0-9-]+$/);
          expect(r.pattern.segments.join('').length).toBeLessThanOrEqual(63);
          // the normalised text reads back to the same pattern
          expect(parseKeyword(r.pattern.text)).toEqual(r);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('date bounds', () => {
  const bounds = nearly(
    fc.oneof(
      dayText,
      fc
        .date({
          min: new Date('1970-01-01T00:00:00Z'),
          max: new Date('9999-12-31T00:00:00Z'),
          noInvalidDate: true,
        })
        .map((d) => d.toISOString()),
      fc.constantFrom('2026-12-01 10:00', '2026-12-01T10:00:00.123456789+05:30', '2026-12-01T10:00-0800'),
    ),
    40,
  );

  it('reads any text as a real instant or none', () => {
    fc.assert(
      fc.property(
        fc.oneof(bounds, mutated(fc.constantFrom('2024-02-29', '2026-12-01T23:59:59Z'))),
        fc.constantFrom('from', 'to'),
        (text, end) => {
          const d = parseBound(text, end as 'from' | 'to');
          if (d === undefined) return;
          expect(Number.isNaN(d.getTime())).toBe(false);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('takes a day as the whole UTC day, both ends included', () => {
    fc.assert(
      fc.property(dayText, (day) => {
        const from = parseBound(day, 'from')!;
        const to = parseBound(day, 'to')!;
        expect(from.toISOString()).toBe(`${day}T00:00:00.000Z`);
        expect(to.getTime() - from.getTime()).toBe(DAY - 1);
      }),
      { numRuns: 500 },
    );
  });

  it('reads an ISO instant back as itself', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1970-01-01T00:00:00Z'),
          max: new Date('9999-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        (d) => {
          expect(parseBound(d.toISOString(), 'from')?.getTime()).toBe(d.getTime());
        },
      ),
      { numRuns: 500 },
    );
  });
});
