import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DAY, fixedClock, HOUR } from '../../src/clock.ts';
import { type Db, openDb, sqlitePath } from '../../src/db/client.ts';
import { migrateDatabase } from '../../src/db/migrate.ts';
import { importDropList } from '../../src/droplist/importer.ts';
import type { DropListSource } from '../../src/droplist/source.ts';
import { InvalidInput } from '../../src/errors.ts';
import { createLogger, type Logger } from '../../src/log.ts';
import { createSearch, type Search } from '../../src/search/search.ts';
import { freshDatabaseUrl, freshDb } from '../helpers/db.ts';
import { type DropRow, generateRows, storeRows } from './fixtures.ts';
import { type Ask, expected } from './oracle.ts';

// The search service as the processes use it: SQL until warmed, then the memory index, which must
// never answer from an old list. "Another process" is a second database connection and service.

const NOW = new Date('2026-12-01T12:00:00.000Z');
const clock = fixedClock(NOW);
const ASKS: Ask[] = [
  { keyword: 'car' },
  { maxLength: 4, sort: 'length' },
  { zones: ['de'], sort: 'fqdn', order: 'desc' },
  {},
];
const listA = generateRows(1500, { seed: 1, from: new Date(NOW.getTime() + HOUR), days: 4 });
const listB = generateRows(1500, { seed: 2, from: new Date(NOW.getTime() + HOUR), days: 4 });

/** The list as HEXONET's CSV, for the real importer. */
const csv = (rows: DropRow[]): DropListSource => ({
  name: 'test list',
  open: async () =>
    (async function* () {
      yield ['domain;drop_date'];
      for (const r of rows) yield [`${r.fqdn};${r.dropAt.toISOString().slice(0, 19).replace('T', ' ')}`];
    })(),
});

async function answers(search: Search) {
  return Promise.all(
    ASKS.map(async (ask) => {
      const r = await search.search(ask);
      return { total: r.total, fqdns: r.items.map((i) => i.fqdn) };
    }),
  );
}
const oracle = (rows: DropRow[]) => ASKS.map((ask) => expected(rows, ask, NOW));

let db: Db;
let other: Db;
const onPostgres = Boolean(process.env.TEST_DATABASE_URL?.startsWith('postgres'));
const sqliteOnly = () => (onPostgres ? it.skip : it);

/** Services that warm keep a listener and a timer (PostgreSQL): all stopped after the file. */
const services: Search[] = [];
function service(on: Db, log?: Logger): Search {
  const s = createSearch({ db: on, clock, log });
  services.push(s);
  return s;
}

beforeAll(async () => {
  db = await freshDb();
  other = await openDb(db.url);
  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
    await other.close();
  });
});

describe('search service', () => {
  it('answers an empty list, warm or not', async () => {
    const search = service(db);
    expect(await search.search({})).toEqual({ total: 0, page: 1, pageSize: 20, items: [] });
    await search.warm();
    expect(await search.search({ keyword: 'car' })).toMatchObject({ total: 0, items: [] });
    expect(await search.upcomingDays()).toEqual([]);
  });

  it('answers through SQL until warmed, then from the memory index, with the same rows', async () => {
    await importDropList({ db, clock }, csv(listA));
    const search = service(db);
    expect(await answers(search)).toEqual(oracle(listA));
    expect((await search.state()).backend).toBe('sql');
    await search.warm();
    expect(await search.state()).toMatchObject({ backend: 'memory' });
    expect(await answers(search)).toEqual(oracle(listA));
  });

  it('sees an import made elsewhere at once, in every instance, then rebuilds', async () => {
    const here = service(db);
    const there = service(other);
    await Promise.all([here.warm(), there.warm()]);
    expect(await answers(there)).toEqual(oracle(listA));

    await importDropList({ db: other, clock }, csv(listB));
    // Right after the import both answer from the new list (SQL while their indexes rebuild).
    expect(await answers(here)).toEqual(oracle(listB));
    expect(await answers(there)).toEqual(oracle(listB));

    await Promise.all([here.refresh(), there.refresh()]);
    expect(await here.state()).toMatchObject({ backend: 'memory', rows: listB.length });
    expect(await there.state()).toMatchObject({ backend: 'memory', rows: listB.length });
    expect(await answers(here)).toEqual(oracle(listB));
    expect(await answers(there)).toEqual(oracle(listB));
  });

  it.skipIf(!onPostgres)(
    'PostgreSQL: indexes the next list before the import makes it live; the old list answers until its commit',
    async () => {
      const built: string[] = [];
      const log = createLogger({
        write: (line) => {
          const e = JSON.parse(line) as { msg: string; version?: string };
          if (e.msg === 'search index built') built.push(e.version!);
        },
      });
      const search = service(db, log);
      await search.warm();
      const old = await search.state();
      expect(old).toMatchObject({ backend: 'memory', rows: listB.length });
      // A reader holding the live list keeps the import from swapping its list in.
      const reader = new pg.Client({ connectionString: db.url });
      await reader.connect();
      await reader.query('BEGIN');
      await reader.query('LOCK TABLE "DropDomain" IN ACCESS SHARE MODE');
      const importing = importDropList({ db: other, clock }, csv(listA));
      await vi.waitFor(() => expect(built.filter((v) => v !== old.version)).toHaveLength(1), {
        timeout: 20_000,
      });
      expect(await answers(search)).toEqual(oracle(listB));
      expect(await search.state()).toEqual(old);

      await reader.query('COMMIT');
      await reader.end();
      await importing;
      // No query, refresh or rebuild in between: the index built beforehand answers at once.
      expect(await search.state()).toMatchObject({ backend: 'memory', rows: listA.length });
      expect(await answers(search)).toEqual(oracle(listA));
      expect(built.filter((v) => v !== old.version)).toHaveLength(1);
    },
  );

  sqliteOnly()('sees a writer that changes rows in place and records the import', async () => {
    const search = service(db);
    await search.warm();
    const past = generateRows(300, { seed: 3, from: new Date(NOW.getTime() - DAY), days: 2 });
    await storeRows(other, past);
    expect(await answers(search)).toEqual(oracle(past));
    await search.refresh();
    expect(await search.state()).toMatchObject({ backend: 'memory', rows: 300 });
    expect(await search.search({ includePast: true, pageSize: 1 })).toMatchObject({ total: 300 });
    expect(await answers(search)).toEqual(oracle(past));
  });

  sqliteOnly()(
    'sees a new table swapped in even when no import was recorded (importer died right after)',
    async () => {
      await storeRows(db, listA);
      const search = service(db);
      await search.warm();
      const file = new Database(sqlitePath(db.url));
      const table = file
        .prepare(`SELECT sql FROM sqlite_master WHERE name = 'DropDomain'`)
        .pluck()
        .get() as string;
      file.transaction(() => {
        file.exec(table.replace('"DropDomain"', '"DropDomain_next"'));
        file.exec(`INSERT INTO "DropDomain_next" SELECT * FROM "DropDomain" WHERE "zone" <> 'com'`);
        file.exec('DROP TABLE "DropDomain"');
        file.exec('ALTER TABLE "DropDomain_next" RENAME TO "DropDomain"');
      })();
      file.close();
      const swapped = listA.filter((r) => r.zone !== 'com');
      expect(await answers(search)).toEqual(oracle(swapped));
      await search.refresh();
      expect(await search.state()).toMatchObject({ backend: 'memory', rows: swapped.length });
      expect(await answers(search)).toEqual(oracle(swapped));
    },
  );

  sqliteOnly()(
    'warming with the database gone never rejects: it is logged, and SQL answers meanwhile',
    async () => {
      const { url, drop } = await freshDatabaseUrl();
      await migrateDatabase(url);
      const gone = await openDb(url);
      await gone.close();
      await drop();
      const lines: string[] = [];
      const search = createSearch({ db: gone, clock, log: createLogger({ write: (l) => lines.push(l) }) });
      await expect(search.warm()).resolves.toBeUndefined();
      await expect(search.refresh()).resolves.toBeUndefined();
      expect(lines.map((l) => JSON.parse(l))).toMatchObject([
        { level: 'error', msg: 'search index not refreshed: the database did not answer' },
        { level: 'error', msg: 'search index not refreshed: the database did not answer' },
      ]);
      await gone.close();
    },
  );

  it('upcoming days default to three and refuse a silly count', async () => {
    const search = service(db);
    await storeRows(db, listA);
    const days = await search.upcomingDays();
    expect(days.map((d) => d.date)).toEqual(['2026-12-01', '2026-12-02', '2026-12-03']);
    expect(days.reduce((s, d) => s + d.count, 0)).toBe(
      listA.filter((r) => r.dropAt < new Date('2026-12-04')).length,
    );
    await expect(search.upcomingDays(0)).rejects.toBeInstanceOf(InvalidInput);
    await expect(search.upcomingDays(1.5)).rejects.toBeInstanceOf(InvalidInput);
  });
});
