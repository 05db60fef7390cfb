import Database from 'better-sqlite3';
import { type Db, sqlitePath } from '../db/client.ts';
import { emptyColumns } from './columns.ts';
import type { ListSource, LoadedList } from './list-source.ts';
import { slicer } from './yield.ts';

// Reads the drop list out of the SQLite file for the memory index, on a private read-only
// connection: one read transaction, so the rows and the version they belong to are one snapshot
// (WAL lets an import commit meanwhile without waiting for us).

/**
 * What the drop list's version is made of: the schema cookie, which SQLite bumps when the importer
 * swaps in the new table (in the swap's own transaction, so data and version change together), and
 * the tally of successful imports, for writers that change rows in place and record an import.
 */
const VERSION_SQL =
  'SELECT (SELECT "schema_version" FROM pragma_schema_version()) AS s, COUNT(*) AS n, MAX("id") AS id FROM "DropImport" WHERE "ok"';

const versionKey = (r: { s: unknown; n: unknown; id: unknown } | undefined): string =>
  `${Number(r?.s ?? 0)}:${Number(r?.n ?? 0)}:${Number(r?.id ?? 0)}`;

export async function loadSqlite(path: string): Promise<LoadedList> {
  const conn = new Database(path, { readonly: true, fileMustExist: true });
  const turn = slicer();
  try {
    conn.exec('BEGIN');
    const version = versionKey(
      conn.prepare(VERSION_SQL).get() as { s: number; n: number; id: number | null },
    );
    const c = emptyColumns(conn.prepare('SELECT COUNT(*) FROM "DropDomain"').pluck().get() as number);
    const zoneIds = new Map<string, number>();
    const rows = conn
      .prepare(
        'SELECT "label", "zone", "dropAt", "length", "letters", "digits", "hyphens", "idn", "score" FROM "DropDomain"',
      )
      .raw()
      .iterate() as IterableIterator<
      [string, string, string, number, number, number, number, number, number]
    >;
    let r = 0;
    for (const [label, zone, dropAt, length, letters, digits, hyphens, idn, score] of rows) {
      let z = zoneIds.get(zone);
      if (z === undefined) {
        z = c.zones.push(zone) - 1;
        zoneIds.set(zone, z);
      }
      c.labels[r] = label;
      c.zoneOf[r] = z;
      // Stored with an explicit offset (sqlDate / Prisma), so parsing ignores the process's zone.
      c.dropAt[r] = Date.parse(dropAt);
      if (Number.isNaN(c.dropAt[r]))
        throw new Error(`DropDomain row "${label}.${zone}" has an unreadable dropAt "${dropAt}"`);
      c.length[r] = length;
      c.letters[r] = letters;
      c.digits[r] = digits;
      c.hyphens[r] = hyphens;
      c.idn[r] = idn ? 1 : 0;
      c.score[r] = score;
      if ((++r & 8191) === 0) await turn();
    }
    conn.exec('COMMIT');
    return { version, columns: c };
  } finally {
    conn.close();
  }
}

export function sqliteListSource(db: Db): ListSource {
  return {
    version: async () =>
      versionKey(
        (await db.prisma.$queryRawUnsafe<{ s: unknown; n: unknown; id: unknown }[]>(VERSION_SQL))[0],
      ),
    load: () => loadSqlite(sqlitePath(db.url)),
  };
}
