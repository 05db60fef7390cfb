import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HOUR } from '../../src/clock.ts';
import type { SearchResult } from '../../src/search/query.ts';
import type { SearchState } from '../../src/search/search.ts';
import { tempDir } from '../droplist/helpers.ts';
import { freshDatabaseUrl } from '../helpers/db.ts';
import { type DropRow, generateRows } from '../search/fixtures.ts';
import { type Ask, expected } from '../search/oracle.ts';
import { type Instance, type Recorded, startInstance } from './instance.ts';

// Two instances of the service, each a process of its own keeping the search's memory index, on
// one PostgreSQL database. One imports a new list; the other answers from it without a restart and
// without being asked first: it heard of the import and built its index of the new list itself.

const onPostgres = Boolean(process.env.TEST_DATABASE_URL?.startsWith('postgres'));
const T0 = new Date('2027-03-01T00:00:00Z');
const ASKS: Ask[] = [
  { keyword: 'car' },
  { zones: ['de', 'com'], sort: 'fqdn', order: 'desc' },
  { maxLength: 5, sort: 'length', pageSize: 50 },
  { sort: 'dropAt', order: 'desc', page: 2 },
  {},
];
const listA = generateRows(3000, { seed: 11, from: new Date(T0.getTime() + HOUR), days: 3 });
const listB = generateRows(2500, { seed: 12, from: new Date(T0.getTime() + HOUR), days: 3 });
const csv = (rows: DropRow[]) =>
  `domain;drop_date\n${rows.map((r) => `${r.fqdn};${r.dropAt.toISOString().slice(0, 19).replace('T', ' ')}`).join('\n')}\n`;

const title = onPostgres
  ? 'search index refresh across instances on PostgreSQL'
  : 'search index refresh across instances on PostgreSQL (skipped: runs only when TEST_DATABASE_URL is a postgresql:// server)';

describe.skipIf(!onPostgres)(title, () => {
  const files = tempDir();
  const sent: Recorded[] = [];
  let drop: () => Promise<void> = async () => {};
  let a: Instance;
  let b: Instance;

  const answers = (i: Instance) =>
    Promise.all(
      ASKS.map(async (query) => {
        const r = await i.call<SearchResult>({ cmd: 'search', query });
        return { total: r.total, fqdns: r.items.map((item) => item.fqdn) };
      }),
    );
  const oracle = (rows: DropRow[]) => ASKS.map((ask) => expected(rows, ask, T0));
  const state = (i: Instance) => i.call<SearchState>({ cmd: 'searchState' });

  beforeAll(async () => {
    let url: string;
    ({ url, drop } = await freshDatabaseUrl());
    const env = { DATABASE_URL: url, START_AT: T0.toISOString() };
    a = await startInstance('A', env, sent);
    b = await startInstance('B', env, sent);
  }, 120_000);

  afterAll(async () => {
    for (const i of [a, b]) await i?.call({ cmd: 'close' }).catch(() => {});
    await drop();
  }, 60_000);

  it('the other instance answers from the new list without a restart, from an index it built on hearing of the import', async () => {
    await a.call({ cmd: 'import', file: files.write('a.csv', csv(listA)) });
    await Promise.all([a.call({ cmd: 'warmSearch' }), b.call({ cmd: 'warmSearch' })]);
    const before = await state(b);
    expect(before).toMatchObject({ backend: 'memory', rows: listA.length });
    expect(await answers(b)).toEqual(oracle(listA));

    const r = await a.call({ cmd: 'import', file: files.write('b.csv', csv(listB)) });
    expect(r).toMatchObject({ total: listB.length });
    // B is not asked anything meanwhile: its index follows the database by itself.
    await vi.waitFor(
      async () => expect(await state(b)).toMatchObject({ backend: 'memory', rows: listB.length }),
      { timeout: 30_000, interval: 200 },
    );
    expect((await state(b)).version).not.toBe(before.version);
    expect(await answers(b)).toEqual(oracle(listB));
    expect(await answers(a)).toEqual(await answers(b));
    expect(await state(a)).toEqual({ ...(await state(b)), buildMs: expect.any(Number) });
  });
});
