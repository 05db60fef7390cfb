import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.ts';
import type { Db } from '../../src/db/client.ts';
import { importDropList } from '../../src/droplist/importer.ts';
import { pgDropStore } from '../../src/droplist/pg-store.ts';
import { parseDropLine } from '../../src/droplist/row-parser.ts';
import { DomainError } from '../../src/errors.ts';
import { freshDb } from '../helpers/db.ts';
import { csvRow, linesSource, storedList } from './helpers.ts';

// PostgreSQL's import path (COPY into a staging table, the new list built beside the live one and
// swapped in) where it differs from SQLite's: failures in the middle of the COPY, and the live
// table's indexes after a swap. The counts of every kind of change are import.test.ts's, which runs
// on both databases.

const onPostgres = Boolean(process.env.TEST_DATABASE_URL?.startsWith('postgres'));
const T1 = new Date('2026-12-01T12:00:00Z');
const clock = fixedClock(T1);
/** More rows than one COPY chunk (the importer writes 2 000 a batch), all in the future. */
const names = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) =>
    csvRow(`${prefix}${i}.com`, new Date(T1.getTime() + (i + 1) * 1000)),
  );

const title = onPostgres
  ? 'PostgreSQL import by COPY'
  : 'PostgreSQL import by COPY (skipped: runs only when TEST_DATABASE_URL is a postgresql:// server)';

describe.skipIf(!onPostgres)(title, () => {
  let db: Db;
  let base: Map<string, string>;

  beforeAll(async () => {
    db = await freshDb();
  });

  const expectFailure = async (run: Promise<unknown>, message: RegExp) => {
    const error = await run.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(message);
  };

  it('a source that breaks off after thousands of rows were copied leaves the old list, and the next import counts against it', async () => {
    await importDropList({ db, clock }, linesSource(names('old', 5000)));
    base = await storedList(db);
    expect(base.size).toBe(5000);

    const broken = linesSource([...names('old', 2500), ...names('new', 7500)], { failAfter: 9000 });
    const error = await importDropList({ db, clock }, broken).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).message).toMatch(/connection reset/);
    expect(await storedList(db)).toEqual(base);

    const moved = names('old', 3000).map((line) => line.replace(/;2026-12-01 /, ';2026-12-02 '));
    const r = await importDropList({ db, clock }, linesSource([...moved, ...names('new', 1000)]));
    expect(r).toMatchObject({ added: 1000, updated: 3000, removed: 2000, rejected: 0, total: 4000 });
  });

  it('a row the server refuses in the middle of the COPY (a NUL byte) fails the import and leaves the old list', async () => {
    const before = await storedList(db);
    const rows = (prefix: string, count: number) =>
      names(prefix, count).map((line) => {
        const parsed = parseDropLine(line, false);
        if (parsed.kind !== 'row') throw new Error(`fixture row ${line} does not parse`);
        return parsed.row;
      });
    const bad = { ...rows('bad', 1)[0]!, fqdn: 'bad\u0000name.com', label: 'bad\u0000name' };
    const staging = await pgDropStore(db).stage();
    try {
      await expectFailure(
        (async () => {
          for (let i = 0; i < 5; i++) await staging.write(rows(`ok${i}-`, 2000));
          await staging.write([bad]);
          for (let i = 0; i < 5; i++) await staging.write(rows(`late${i}-`, 2000));
          await staging.replace(1);
        })(),
        /0x00/,
      );
    } finally {
      await staging.close();
    }
    expect(await storedList(db)).toEqual(before);
    // The store is usable again at once: nothing of the refused COPY is left in the way.
    const r = await importDropList({ db, clock }, linesSource(names('after', 10)));
    expect(r).toMatchObject({ added: 10, removed: before.size, total: 10 });
  });

  it('every column arrives as the row parser read it, through the binary COPY', async () => {
    const lines = [
      'xn--bcher-kva.de;2026-12-01 12:00:01',
      'my-shop-24.co.uk;2028-02-29 23:59:59',
      '12345.com;2099-12-31 00:00:00',
      'a.io;2026-12-31 23:59:59',
    ];
    const scorer = (label: string, zone: string) => label.length * 7 + zone.length;
    await importDropList({ db, clock, scorer }, linesSource(lines));
    const stored = await db.prisma.dropDomain.findMany({ orderBy: { fqdn: 'asc' } });
    const expected = lines
      .map((line) => {
        const parsed = parseDropLine(line, false);
        if (parsed.kind !== 'row') throw new Error(`fixture row ${line} does not parse`);
        return { ...parsed.row, score: scorer(parsed.row.label, parsed.row.zone) };
      })
      .sort((a, b) => (a.fqdn < b.fqdn ? -1 : 1));
    expect(
      stored.map(({ fqdn, label, zone, dropAt, length, letters, digits, hyphens, idn, score }) => ({
        fqdn,
        label,
        zone,
        dropAt: dropAt.toISOString(),
        length,
        letters,
        digits,
        hyphens,
        idn,
        score,
      })),
    ).toEqual(expected);
  });

  it('the live list keeps the columns, indexes and constraint the migrations made, under their names', async () => {
    const schema = async () =>
      db.prisma.$queryRawUnsafe<Array<{ name: string; def: string }>>(
        `SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE tablename = 'DropDomain'
         UNION ALL SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
           WHERE conrelid = '"DropDomain"'::regclass
         ORDER BY 1`,
      );
    const columns = () =>
      db.prisma.$queryRawUnsafe<unknown[]>(
        `SELECT column_name, data_type, datetime_precision, is_nullable, column_default FROM information_schema.columns
         WHERE table_name = 'DropDomain' ORDER BY ordinal_position`,
      );
    const columnsBefore = await columns();
    expect(columnsBefore).toContainEqual({
      column_name: 'score',
      data_type: 'integer',
      datetime_precision: null,
      is_nullable: 'NO',
      column_default: '0',
    });
    const before = await schema();
    // the primary key only: searches use each instance's memory index, not SQL indexes
    expect(before.map((i) => i.name)).toEqual(['DropDomain_pkey', 'DropDomain_pkey']);
    await importDropList({ db, clock }, linesSource(names('again', 3000)));
    expect(await schema()).toEqual(before);
    expect(await columns()).toEqual(columnsBefore);
  });

  it('a column and a check a later migration adds survive an import; a column it cannot fill fails it and leaves the list', async () => {
    await db.prisma.$executeRawUnsafe(
      `ALTER TABLE "DropDomain" ADD COLUMN source text NOT NULL DEFAULT 'list',
         ADD CONSTRAINT "DropDomain_score_range" CHECK (score BETWEEN 0 AND 100)`,
    );
    const r = await importDropList({ db, clock }, linesSource(names('later', 50)));
    expect(r).toMatchObject({ added: 50, total: 50 });
    const rows = await db.prisma.$queryRawUnsafe<Array<{ source: string; n: number }>>(
      'SELECT source, count(*)::int AS n FROM "DropDomain" GROUP BY source',
    );
    expect(rows).toEqual([{ source: 'list', n: 50 }]);
    const kept = await db.prisma.$queryRawUnsafe<Array<{ def: string; nullable: string; checks: number }>>(
      `SELECT column_default AS def, is_nullable AS nullable,
         (SELECT count(*)::int FROM pg_constraint WHERE conname = 'DropDomain_score_range') AS checks
       FROM information_schema.columns WHERE table_name = 'DropDomain' AND column_name = 'source'`,
    );
    expect(kept).toEqual([{ def: "'list'::text", nullable: 'NO', checks: 1 }]);

    const before = await storedList(db);
    await db.prisma.$executeRawUnsafe(`ALTER TABLE "DropDomain" ADD COLUMN owner text NOT NULL DEFAULT 'x'`);
    await db.prisma.$executeRawUnsafe('ALTER TABLE "DropDomain" ALTER COLUMN owner DROP DEFAULT');
    await expectFailure(
      importDropList({ db, clock }, linesSource(names('none', 10))),
      /column owner has no default/,
    );
    expect(await storedList(db)).toEqual(before);
  });
});
