import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock, HOUR } from '../../src/clock.ts';
import { loadConfig } from '../../src/config.ts';
import type { Db } from '../../src/db/client.ts';
import { fileSource } from '../../src/droplist/file-source.ts';
import { type ImportResult, importDropList } from '../../src/droplist/importer.ts';
import { createDropList, type DropList } from '../../src/droplist/service.ts';
import { DomainError } from '../../src/errors.ts';
import { silentLogger } from '../../src/log.ts';
import { createMetrics } from '../../src/prometheus.ts';
import { freshDb } from '../helpers/db.ts';
import { csvRow, linesSource, seeded, storedList, tempDir } from './helpers.ts';

const T1 = new Date('2026-12-01T12:00:00Z');
const clock = fixedClock(T1);
const files = tempDir();
let db: Db;
let droplist: DropList;

beforeAll(async () => {
  db = await freshDb();
  droplist = createDropList({
    db,
    clock,
    config: loadConfig({ SANDBOX_SEED: '1', SANDBOX_DROPLIST_SIZE: '1000' }),
    log: silentLogger,
    metrics: createMetrics(),
  });
});

interface Entry {
  fqdn: string;
  at: Date;
}

const rnd = seeded(42);
const ZONES = ['com', 'net', 'de', 'co.uk', 'us.com', 'photography'];
const NAMES = Array.from(
  { length: 400 },
  (_, i) => `n${i}-${Math.floor(rnd() * 1e6).toString(36)}.${ZONES[i % ZONES.length]}`,
);
const within = (from: Date, hours: number) =>
  new Date(from.getTime() + 1000 + Math.floor(rnd() * hours * 3600) * 1000);

async function importFile(name: string, lines: string[]): Promise<ImportResult> {
  return droplist.import(fileSource(files.write(name, `${lines.join('\n')}\n`)));
}

/** What replacing `before` with `rows` must give, computed directly from the rows. */
function expected(before: Map<string, string>, rows: Entry[], now: Date) {
  const after = new Map<string, string>();
  let duplicates = 0;
  let past = 0;
  for (const r of rows) {
    if (r.at <= now) past++;
    else if (after.has(r.fqdn)) duplicates++;
    else after.set(r.fqdn, r.at.toISOString());
  }
  const keys = [...after.keys()];
  return {
    after,
    duplicates,
    past,
    added: keys.filter((k) => !before.has(k)).length,
    updated: keys.filter((k) => before.has(k) && before.get(k) !== after.get(k)).length,
    removed: [...before.keys()].filter((k) => !after.has(k)).length,
  };
}

async function expectImportFailure(run: Promise<unknown>, message: RegExp): Promise<void> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe('IMPORT_FAILED');
  expect((error as DomainError).message).toMatch(message);
}

/** A known list of 100 future names, imported fresh. */
async function baseList(): Promise<Map<string, string>> {
  clock.set(T1);
  const rows = NAMES.slice(0, 100).map((fqdn, i) => csvRow(fqdn, new Date(T1.getTime() + (i + 1) * HOUR)));
  await importFile('base.csv', rows);
  return storedList(db);
}

describe('importDropList', () => {
  it('replaces the list: added, updated, removed, rejected and total match a direct computation', async () => {
    clock.set(T1);
    await db.prisma.dropDomain.deleteMany();
    // First list: 30 names drop within 6 hours (they will have passed at the second import).
    const first: Entry[] = NAMES.slice(0, 300).map((fqdn, i) => ({
      fqdn,
      at: i < 30 ? within(T1, 6) : within(new Date(T1.getTime() + 13 * HOUR), 100),
    }));
    const r1 = await importFile('first.csv', ['domain;drop_date', ...first.map((e) => csvRow(e.fqdn, e.at))]);
    const e1 = expected(new Map(), first, T1);
    expect(r1).toMatchObject({ added: 300, updated: 0, removed: 0, rejected: 0, total: 300, past: 0 });
    expect(await storedList(db)).toEqual(e1.after);

    // Second list, half a day later: some names gone, some moved, new ones, past ones, bad rows.
    const t2 = new Date(T1.getTime() + 12 * HOUR);
    clock.set(t2);
    const second: Entry[] = [
      ...first.slice(0, 15), // now in the past, still listed
      ...first.slice(80, 120).map((e) => ({ fqdn: e.fqdn, at: within(t2, 90) })), // drop time moved
      ...first.slice(120, 300), // unchanged
      ...NAMES.slice(300, 360).map((fqdn) => ({ fqdn, at: within(t2, 100) })), // new
      ...NAMES.slice(360, 365).map((fqdn) => ({ fqdn, at: new Date(t2.getTime() - HOUR) })), // new but past
      ...NAMES.slice(300, 303).map((fqdn) => ({ fqdn, at: within(t2, 50) })), // repeated: first row wins
    ];
    const bad = [
      'garbage without separator',
      'not a domain;2026-12-03 10:00:00',
      '-hyphen.com;2026-12-03 10:00:00',
      'fine.com;2026-02-30 10:00:00',
      'fine.com;tomorrow',
      ';2026-12-03 10:00:00',
      `${'x'.repeat(64)}.com;2026-12-03 10:00:00`,
      'two..dots.com;2026-12-03 10:00:00',
      'bad_char.com;2026-12-03 10:00:00',
      'nozone;2026-12-03 10:00:00',
      'fine.net;2026-12-03',
      'fine.org;2026-12-03 25:00:00',
    ];
    const lines = ['domain;drop_date', ...second.map((e) => csvRow(e.fqdn, e.at))];
    const badLines: number[] = [];
    for (const [i, text] of bad.entries()) {
      const at = 5 + i * 20;
      lines.splice(at, 0, text);
    }
    lines.splice(200, 0, ''); // a blank line is not a bad row
    lines.forEach((text, i) => {
      if (bad.includes(text)) badLines.push(i + 1);
    });

    const r2 = await importFile(
      'second.csv',
      lines.map((l, i) => (i % 3 === 0 ? `${l}\r` : l)),
    );
    const e2 = expected(e1.after, second, t2);
    expect(e2).toMatchObject({ added: 60, updated: 40, removed: 15 + 15 + 50, duplicates: 3, past: 20 });
    expect(r2).toMatchObject({
      added: e2.added,
      updated: e2.updated,
      removed: e2.removed,
      rejected: bad.length + e2.duplicates,
      total: e2.after.size,
      past: e2.past,
    });
    expect(await storedList(db)).toEqual(e2.after);
    expect(r2.rejectedRows.map((r) => r.line)).toEqual(badLines.slice(0, 10));
    expect(r2.rejectedRows[0]!.reason).toMatch(/no ";"/);

    // A name keeps the id of the import that first listed it; the new ones carry the new import's.
    const ids = await db.prisma.dropDomain.groupBy({
      by: ['importId'],
      _count: true,
      orderBy: { importId: 'asc' },
    });
    expect(ids).toEqual([
      { importId: r1.importId, _count: e2.after.size - e2.added },
      { importId: r2.importId, _count: e2.added },
    ]);
  });

  it('stores label, zone and statistics for each name', async () => {
    clock.set(T1);
    await importFile('stats.csv', [
      csvRow('best-shop24.co.uk', new Date('2026-12-02T10:00:00Z')),
      csvRow('bücher.photography', new Date('2026-12-02T11:00:00Z')),
    ]);
    const rows = await db.prisma.dropDomain.findMany({ orderBy: { fqdn: 'asc' } });
    expect(rows.map(({ importId: _, ...r }) => r)).toEqual([
      {
        fqdn: 'best-shop24.co.uk',
        label: 'best-shop24',
        zone: 'co.uk',
        dropAt: new Date('2026-12-02T10:00:00Z'),
        length: 11,
        letters: 8,
        digits: 2,
        hyphens: 1,
        idn: false,
        // best + shop, 11 characters, a hyphen and digits among letters (src/score)
        score: 9,
      },
      {
        fqdn: 'xn--bcher-kva.photography',
        label: 'xn--bcher-kva',
        zone: 'photography',
        dropAt: new Date('2026-12-02T11:00:00Z'),
        // counted as the name reads (bücher), not by its punycode
        length: 6,
        letters: 6,
        digits: 0,
        hyphens: 0,
        idn: true,
        // one German word of 6 characters, scored on its Unicode form
        score: 54,
      },
    ]);
  });

  it('records every import in DropImport and as one audit-log row', async () => {
    const before = await db.prisma.log.count({ where: { job: 'droplist-import' } });
    await baseList();
    const bad = importFile('bad.csv', [
      'domain;drop_date',
      'total garbage',
      'more garbage',
      'x.com;2026-12-02 10:00:00',
    ]);
    await expectImportFailure(bad, /2 of 3 rows are bad/);

    const logs = await db.prisma.log.findMany({ where: { job: 'droplist-import' }, orderBy: { id: 'asc' } });
    expect(logs.length).toBe(before + 2);
    const [ok, failed] = logs.slice(-2);
    expect(ok).toMatchObject({ level: 'ok', backorderId: null });
    expect(ok!.message).toMatch(/added \d+, updated \d+, removed \d+, rejected 0, total 100/);
    expect(failed!.level).toBe('error');
    expect(failed!.message).toMatch(/bad\.csv failed: 2 of 3 rows are bad .*line 2: no ";"/);

    const imports = await db.prisma.dropImport.findMany({ orderBy: { id: 'desc' }, take: 2 });
    expect(imports[1]).toMatchObject({ ok: true, total: 100, rejected: 0 });
    expect(imports[1]!.finishedAt).toEqual(T1);
    expect(imports[0]).toMatchObject({ ok: false, finishedAt: T1 });
    expect(imports[0]!.message).toMatch(/rows are bad/);
  });

  describe('an unusable list fails the import and leaves the previous list as it was', () => {
    it.each([
      [
        'binary garbage',
        () => fileSource(files.write('garbage.bin', Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0]))),
        /neither a CSV nor a ZIP/,
      ],
      ['an empty file', () => fileSource(files.write('empty.csv', '')), /empty/],
      ['a header only', () => fileSource(files.write('header.csv', 'domain;drop_date\r\n')), /empty/],
      ['a missing file', () => fileSource(`${files.dir}/missing.csv`), /cannot read .*missing\.csv: ENOENT/],
      [
        'a source that breaks off',
        () =>
          linesSource(
            [...Array(500)].map((_, i) => csvRow(`late${i}.com`, new Date('2026-12-03T10:00:00Z'))),
            { failAfter: 400 },
          ),
        /connection reset/,
      ],
      [
        'more than half bad rows',
        () =>
          linesSource([
            'a.com;2026-12-03 10:00:00',
            'b.com;2026-12-03 10:00:00',
            'c.com;soon',
            'd;2026-12-03 10:00:00',
            '!!!',
          ]),
        /3 of 5 rows are bad/,
      ],
      [
        'only past drops',
        () => linesSource(['a.com;2026-11-30 10:00:00', 'b.com;2026-12-01 11:59:59']),
        /none of the 2 names drops in the future/,
      ],
    ])('%s', async (_, source, message) => {
      const before = await baseList();
      await expectImportFailure(droplist.import(source()), message);
      expect(await storedList(db)).toEqual(before);
      expect(await db.prisma.dropImport.findFirst({ orderBy: { id: 'desc' } })).toMatchObject({ ok: false });
    });
  });

  it('keeps the first row of a repeated name, into an empty list as over a full one', async () => {
    for (const fill of [false, true]) {
      await db.prisma.dropDomain.deleteMany();
      if (fill) await baseList();
      const r = await droplist.import(
        linesSource([
          'z.com;2026-12-03 10:00:00',
          'a.com;2026-12-04 10:00:00',
          'z.com;2026-12-05 10:00:00',
          'a.com;2026-12-06 10:00:00',
        ]),
      );
      expect(r).toMatchObject({ added: 2, rejected: 2, total: 2 });
      expect(await storedList(db)).toEqual(
        new Map([
          ['z.com', '2026-12-03T10:00:00.000Z'],
          ['a.com', '2026-12-04T10:00:00.000Z'],
        ]),
      );
    }
  });

  it('accepts a list with exactly half of its rows bad', async () => {
    await baseList();
    const r = await droplist.import(
      linesSource(['a.com;2026-12-03 10:00:00', 'b.com;2026-12-03 10:00:00', 'bad', 'worse']),
    );
    expect(r).toMatchObject({ added: 2, removed: 100, rejected: 2, total: 2 });
  });

  it('serialises two imports running at once: the list ends as one of them, whole', async () => {
    // The service lets one import run at a time (one-at-a-time.test.ts); the store must stay whole
    // even without it, e.g. for an import whose lease expired while it still ran.
    await baseList();
    const list = (prefix: string) =>
      NAMES.slice(0, 200).map((n, i) => csvRow(`${prefix}${n}`, new Date(T1.getTime() + (i + 1) * HOUR)));
    const direct = (name: string, lines: string[]) =>
      importDropList({ db, clock }, fileSource(files.write(name, `${lines.join('\n')}\n`)));
    const [a, b] = await Promise.all([direct('a.csv', list('a')), direct('b.csv', list('b'))]);
    expect(a.total).toBe(200);
    expect(b.total).toBe(200);
    const names = [...(await storedList(db)).keys()];
    expect(names.length).toBe(200);
    expect(names.every((n) => n.startsWith('a')) || names.every((n) => n.startsWith('b'))).toBe(true);
    // The one that swapped second saw the first one's list and replaced all of it.
    expect([a.removed, b.removed].sort((x, y) => x - y)).toEqual([100, 200]);
  });
});

describe('drop-list service', () => {
  it('counts future drops per UTC day', async () => {
    clock.set(T1);
    const rows: Entry[] = NAMES.slice(0, 250).map((fqdn) => ({ fqdn, at: within(T1, 5 * 24) }));
    await importFile(
      'days.csv',
      rows.map((e) => csvRow(e.fqdn, e.at)),
    );
    const perDay = (now: Date) => {
      const days = new Map<string, number>();
      for (const e of rows)
        if (e.at > now)
          days.set(e.at.toISOString().slice(0, 10), (days.get(e.at.toISOString().slice(0, 10)) ?? 0) + 1);
      return [...days].sort(([x], [y]) => x.localeCompare(y)).map(([date, count]) => ({ date, count }));
    };
    expect(await droplist.stats()).toEqual({ total: 250, days: perDay(T1) });
    const later = new Date('2026-12-03T00:00:00Z');
    clock.set(later);
    const stats = await droplist.stats();
    expect(stats.days).toEqual(perDay(later));
    expect(stats.total).toBe(rows.filter((e) => e.at > later).length);
    expect(stats.days[0]!.date).toBe('2026-12-03');
  });

  it('tells its followers after each successful import, and only then', async () => {
    const seen: ImportResult[] = [];
    const stop = droplist.onImported((r) => {
      seen.push(r);
    });
    const failing = droplist.onImported(() => {
      throw new Error('a follower broke');
    });
    const r = await baseList().then(() => db.prisma.dropImport.findFirst({ orderBy: { id: 'desc' } }));
    expect(seen.map((s) => s.importId)).toEqual([r!.id]);
    expect(seen[0]).toMatchObject({ total: 100 });
    await expectImportFailure(droplist.import(linesSource([])), /empty/);
    expect(seen.length).toBe(1);
    stop();
    failing();
    await baseList();
    expect(seen.length).toBe(1);
  });

  it('knows when the stored list is stale: missing, or older than the latest 00:01/10:01 UTC publication', async () => {
    await db.prisma.dropImport.deleteMany();
    clock.set('2026-12-05T09:00:00Z');
    expect(await droplist.lastImport()).toBeNull();
    expect(await droplist.isStale()).toBe(true);
    await droplist.import(linesSource(['a.com;2026-12-06 10:00:00']));
    expect(await droplist.lastImport()).toMatchObject({
      finishedAt: new Date('2026-12-05T09:00:00Z'),
      total: 1,
    });
    expect(await droplist.isStale()).toBe(false);
    clock.set('2026-12-05T10:00:59Z');
    expect(await droplist.isStale()).toBe(false);
    clock.set('2026-12-05T10:01:00Z');
    expect(await droplist.isStale()).toBe(true);
    // A failed import is no fresher list.
    await expectImportFailure(
      droplist.import(linesSource(['a.com;2026-12-06 10:00:00', 'junk', 'more junk'])),
      /2 of 3 rows are bad/,
    );
    expect(await droplist.isStale()).toBe(true);
  });
});
