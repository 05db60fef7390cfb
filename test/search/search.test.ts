import { domainToUnicode } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Db, sqlitePath } from '../../src/db/client.ts';
import { MemoryIndex } from '../../src/search/memory-index.ts';
import { loadPg } from '../../src/search/pg-source.ts';
import { parseSearchQuery, type SearchIndex } from '../../src/search/query.ts';
import { createSqlIndex } from '../../src/search/sql-index.ts';
import { loadSqlite } from '../../src/search/sqlite-source.ts';
import { freshDb } from '../helpers/db.ts';
import { type DropRow, generateRows, makeRow, storeRows } from './fixtures.ts';
import { type Ask, expected } from './oracle.ts';

// Every filter, sort and page of both backends (plain SQL, and the memory index loaded from the
// database: SQLite's file, or PostgreSQL's COPY) against the oracle, over a few thousand generated
// names (IDN, multi-label zones, past drops) plus rows placed on the edges: UTC day boundaries, the
// current instant, many names sharing one drop time.

const NOW = new Date('2026-06-02T12:00:00.000Z');
const TIE = new Date('2026-06-03T10:00:00.000Z');
const EDGES: DropRow[] = [
  makeRow('day-first.com', new Date('2026-06-04T00:00:00.000Z')),
  makeRow('day-last.com', new Date('2026-06-04T23:59:59.999Z')),
  makeRow('day-before.com', new Date('2026-06-03T23:59:59.999Z')),
  makeRow('day-after.com', new Date('2026-06-05T00:00:00.000Z')),
  makeRow('at-now.net', NOW),
  makeRow('after-now.net', new Date(NOW.getTime() + 1)),
  makeRow('münchen.de', new Date('2026-06-05T08:00:00.000Z')),
  ...[
    'a',
    'b9',
    'c-d',
    'tie',
    'tie-2',
    'zz-top',
    '0',
    '12-34',
    'xn--mnchen-3ya',
    'car',
    'scar',
    'cars',
  ].flatMap((l) => [makeRow(`${l}.us.com`, TIE), makeRow(`${l}.co.uk`, TIE)]),
];
const edgeNames = new Set(EDGES.map((r) => r.fqdn));
const ROWS = [
  ...generateRows(2500, { seed: 42, from: new Date('2026-06-01T12:00:00Z'), days: 6 }).filter(
    (r) => !edgeNames.has(r.fqdn),
  ),
  ...EDGES,
];
const BY_FQDN = new Map(ROWS.map((r) => [r.fqdn, r]));

const ASKS: Ask[] = [
  {},
  { includePast: true },
  // keyword: substring, case, wildcards, IDN typed in Unicode, short pieces, nothing found
  { keyword: 'car' },
  { keyword: 'CAR' },
  { keyword: 'car*' },
  { keyword: '*car' },
  { keyword: 'c*r' },
  { keyword: 's*o*p' },
  { keyword: '*car*' },
  { keyword: '*' },
  { keyword: 'e' },
  { keyword: 'ai' },
  { keyword: 'a*' },
  { keyword: '*9' },
  { keyword: '-' },
  { keyword: 'xn--' },
  { keyword: 'münchen' },
  { keyword: 'tie*', includePast: true },
  { keyword: 'qqqqzz' },
  { keyword: 'shop', zones: ['com'] },
  // zones
  { zones: ['co.uk', 'US.COM', '.de'] },
  { zones: ['nowhere'] },
  { zones: ['com', 'de'], from: '2026-06-03', to: '2026-06-05T12:00:00Z' },
  { zones: ['com'], includePast: true, to: '2026-06-02T12:00:00Z', sort: 'dropAt', order: 'desc' },
  // counts
  { maxLength: 3 },
  { minLength: 10, maxLength: 12 },
  { minLetters: 8 },
  { maxLetters: 2 },
  { minDigits: 2 },
  { maxDigits: 0 },
  { minHyphens: 1 },
  { maxHyphens: 0, minLength: 5 },
  { noDigits: true },
  { digitsOnly: true },
  { noHyphens: true },
  { excludeIdn: true },
  { noDigits: true, noHyphens: true, maxLength: 5 },
  // drop dates: whole UTC days, instants with offsets, past drops
  { from: '2026-06-04', to: '2026-06-04' },
  { from: '2026-06-04' },
  { to: '2026-06-03' },
  { from: '2026-06-03T10:00:00Z', to: '2026-06-03T10:00:00.000Z' },
  { from: '2026-06-04T02:00:00+02:00', to: '2026-06-04T03:00:00+02:00' },
  { to: '2026-06-02', includePast: true },
  { from: '2026-06-01', to: '2026-06-02' },
  // sorts, ties by fqdn
  ...(['fqdn', 'dropAt', 'length', 'digits', 'hyphens', 'score'] as const).flatMap((sort) =>
    (['asc', 'desc'] as const).map((order): Ask => ({ sort, order })),
  ),
  { sort: 'length', order: 'desc', zones: ['us.com'] },
  { sort: 'dropAt', from: '2026-06-03T10:00:00Z', to: '2026-06-03T10:00:00Z', pageSize: 100 },
  { sort: 'hyphens', order: 'desc', keyword: 'tie', includePast: true },
  // quality score
  { minScore: 40 },
  { minScore: 100 },
  { minScore: 30, sort: 'score', order: 'desc', keyword: 'e' },
  { minScore: 45, zones: ['com', 'de'], sort: 'score', order: 'desc', pageSize: 50 },
  // pages
  { page: 2, pageSize: 7 },
  { page: 3, pageSize: 100, sort: 'fqdn' },
  { page: 4, pageSize: 100, sort: 'fqdn', order: 'desc' },
  { page: 999 },
  { pageSize: 1, page: 5, sort: 'hyphens', order: 'desc' },
  { pageSize: 100, page: 2, sort: 'digits', order: 'desc', maxLength: 6 },
  { pageSize: 50, page: 3, sort: 'dropAt', order: 'desc', keyword: 'e' },
];

let db: Db;
const backends: Record<string, SearchIndex> = {};

beforeAll(async () => {
  db = await freshDb();
  await storeRows(db, ROWS);
  backends.sql = createSqlIndex(db);
  const loaded = db.kind === 'sqlite' ? await loadSqlite(sqlitePath(db.url)) : await loadPg(db.url);
  backends.memory = await MemoryIndex.build(loaded.columns);
});

describe.each(['sql', 'memory'])('%s backend', (name) => {
  const backend = () => {
    const b = backends[name];
    if (!b) throw new Error(`no ${name} backend on ${db.kind}`);
    return b;
  };
  it.each(ASKS.map((ask) => [JSON.stringify(ask), ask] as const))('%s', async (_, ask) => {
    const want = expected(ROWS, ask, NOW);
    const got = await backend().search(parseSearchQuery(ask), NOW);
    expect({ total: got.total, fqdns: got.items.map((i) => i.fqdn) }).toEqual(want);
    for (const item of got.items) {
      const row = BY_FQDN.get(item.fqdn)!;
      expect(item).toEqual({ ...row, display: domainToUnicode(row.fqdn) });
    }
  });

  it('the checks are not vacuous: the mix finds names, and sorts differ', () => {
    const totals = ASKS.map((ask) => expected(ROWS, ask, NOW).total);
    expect(totals.filter((t) => t > 20).length).toBeGreaterThan(30);
    expect(totals.filter((t) => t === 0).length).toBeGreaterThan(0);
    expect(expected(ROWS, { sort: 'length' }, NOW).fqdns).not.toEqual(
      expected(ROWS, { sort: 'fqdn' }, NOW).fqdns,
    );
  });

  it('upcoming drop days: the next UTC days with future drops and their counts', async () => {
    for (const days of [1, 3, 10]) {
      const counts = new Map<string, number>();
      for (const r of ROWS) {
        if (r.dropAt > NOW)
          counts.set(
            r.dropAt.toISOString().slice(0, 10),
            (counts.get(r.dropAt.toISOString().slice(0, 10)) ?? 0) + 1,
          );
      }
      const want = [...counts]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .slice(0, days)
        .map(([date, count]) => ({ date, count }));
      expect(await backend().upcomingDays(days, NOW)).toEqual(want);
    }
    expect((await backend().upcomingDays(10, NOW)).length).toBe(6);
  });
});

it('the process runs in a non-UTC zone, so day semantics are tested for real', () => {
  expect(new Date('2026-06-04T00:00:00Z').getTimezoneOffset()).not.toBe(0);
});
