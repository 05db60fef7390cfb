import Database from 'better-sqlite3';
import { SQLITE_BUSY_TIMEOUT_MS, untilFree } from '../db/busy.ts';
import { type Db, sqlDate, sqlitePath } from '../db/client.ts';
import type { DropRow } from './row-parser.ts';
import type { DropStore, ReplaceCounts, Staging } from './store.ts';

// SQLite: the import runs on its own better-sqlite3 connection (Prisma's per-row round trips are
// ~40x slower). Rows are staged in a TEMP table, which lives in the connection's own temporary
// file: staging takes no lock on the database, so the service keeps working meanwhile.
//
// The swap builds the new list as a fresh table in key order and renames it into place, then
// recreates the indexes: loading an unindexed table and indexing it afterwards is over twice as
// fast as inserting into an indexed one (notes/stack.md: 120 000 against 51 000 rows/s), and
// rewriting row by row would also have to update and delete. It all happens in one IMMEDIATE
// transaction, so readers (WAL) see the old list until the new one is complete, and the schema
// change is what tells the search's memory index that the list changed.

const COLUMNS = 'fqdn, label, zone, "dropAt", length, letters, digits, hyphens, idn, score';
/**
 * A staged row is its name, its drop time as parsed and its label's stats and score packed in one integer:
 * three values cross from JavaScript to SQLite instead of nine (each bound value costs about as
 * much as SQLite's own work on it), and the copy into the list unpacks them in SQL. The drop time
 * gets the explicit offset Prisma writes for SQLite DateTimes (see sqlDate).
 */
const UNPACKED = `s.fqdn, substr(s.fqdn, 1, instr(s.fqdn, '.') - 1), substr(s.fqdn, instr(s.fqdn, '.') + 1),
  substr(s."dropAt", 1, 23) || '+00:00', s.stats % 256, s.stats / 256 % 256, s.stats / 65536 % 256,
  s.stats / 16777216 % 256, s.stats / 4294967296 % 2, s.stats / 8589934592`;
const pack = (r: DropRow) =>
  r.length +
  r.letters * 256 +
  r.digits * 65_536 +
  r.hyphens * 16_777_216 +
  (r.idn ? 4_294_967_296 : 0) +
  r.score * 8_589_934_592;
const SORTER_THREADS = 2;
const CACHE_KIB = 64 * 1024;

interface SchemaObject {
  type: string;
  sql: string;
}

/**
 * Over an existing list every staged row looks up the id of the import that first listed it. The
 * old table is stored in name order, so sorting the rows first makes those lookups walk it from
 * start to end: in file order they jump around it, which took over twice as long for a million
 * rows. Into an empty list the sort is left to the copy itself, which is cheaper still. This runs
 * on the TEMP table, before the swap takes the write lock.
 */
function sortStagedIfListed(conn: Database.Database): boolean {
  const listed = conn.prepare('SELECT EXISTS (SELECT 1 FROM main."DropDomain")').pluck().get() === 1;
  if (listed) {
    conn.exec('CREATE TEMP TABLE drop_sorted AS SELECT * FROM temp.drop_stage ORDER BY fqdn, rowid');
    conn.exec('DROP TABLE temp.drop_stage');
    conn.exec('ALTER TABLE temp.drop_sorted RENAME TO drop_stage');
  }
  return listed;
}

function swap(conn: Database.Database, importId: number, staged: number, sorted: boolean): ReplaceCounts {
  // Indexes and triggers are taken from the live schema, so those a later migration adds survive.
  const objects = conn
    .prepare(`SELECT type, sql FROM main.sqlite_master WHERE tbl_name = 'DropDomain' AND sql IS NOT NULL`)
    .all() as SchemaObject[];
  const table = objects.find((o) => o.type === 'table');
  if (!table) throw new Error('table DropDomain is missing: run `backorder db migrate`');
  const before = (conn.prepare('SELECT count(*) AS n FROM main."DropDomain"').get() as { n: number }).n;
  conn.exec(table.sql.replace(/^CREATE TABLE\s+"?DropDomain"?/i, 'CREATE TABLE "DropDomain_next"'));
  // OR IGNORE keeps the first row of a repeated name (rows arrive in name, then file order; a
  // sorted stage's rowids are already in that order).
  const total = conn
    .prepare(
      `INSERT OR IGNORE INTO main."DropDomain_next" (${COLUMNS}, "importId")
       SELECT ${UNPACKED}, coalesce(o."importId", ?)
       FROM temp.drop_stage s LEFT JOIN main."DropDomain" o ON o.fqdn = s.fqdn
       ORDER BY ${sorted ? 's.rowid' : 's.fqdn, s.rowid'}`,
    )
    .run(importId).changes;
  const { matched, updated } =
    before === 0
      ? { matched: 0, updated: 0 }
      : (conn
          .prepare(
            `SELECT count(*) AS matched, coalesce(sum(n."dropAt" <> o."dropAt"), 0) AS updated
             FROM main."DropDomain_next" n JOIN main."DropDomain" o ON o.fqdn = n.fqdn`,
          )
          .get() as { matched: number; updated: number });
  conn.exec('DROP TABLE main."DropDomain"');
  conn.exec('ALTER TABLE main."DropDomain_next" RENAME TO "DropDomain"');
  for (const o of objects) if (o.type !== 'table') conn.exec(o.sql);
  return { added: total - matched, updated, removed: before - matched, duplicates: staged - total, total };
}

/** An import is no request: it may wait longer for other writers than a bot's answer can. */
const SWAP_WAIT_MS = 60_000;

function openConnection(url: string): Database.Database {
  const path = sqlitePath(url);
  if (path === ':memory:')
    throw new Error('the drop-list import needs a database file, not an in-memory database');
  // Waits for other writers asynchronously (busy.ts): SQLite's own wait would stall the event loop.
  const conn = new Database(path, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  conn.pragma('journal_mode = WAL');
  conn.pragma('synchronous = NORMAL');
  conn.pragma(`cache_size = -${CACHE_KIB}`);
  // Lets SQLite sort with a helper thread when it orders the new table and builds its indexes.
  conn.pragma(`threads = ${SORTER_THREADS}`);
  return conn;
}

export function sqliteDropStore(db: Db): DropStore {
  return {
    async stage(): Promise<Staging> {
      const conn = openConnection(db.url);
      try {
        conn.exec(
          'CREATE TEMP TABLE drop_stage (fqdn TEXT NOT NULL, "dropAt" TEXT NOT NULL, stats INTEGER NOT NULL)',
        );
      } catch (e) {
        conn.close();
        throw e;
      }
      const insert = conn.prepare('INSERT INTO temp.drop_stage VALUES (?, ?, ?)');
      // One transaction for the whole staging: it only touches the TEMP table, so it locks nothing.
      conn.exec('BEGIN');
      let staged = 0;
      return {
        async write(rows) {
          for (const r of rows) insert.run(r.fqdn, r.dropAt, pack(r));
          staged += rows.length;
        },
        async replace(importId) {
          conn.exec('COMMIT');
          const sorted = sortStagedIfListed(conn);
          // A BEGIN IMMEDIATE that finds the file locked changes nothing: tried again until free.
          return untilFree(
            () => conn.transaction(() => swap(conn, importId, staged, sorted)).immediate(),
            SWAP_WAIT_MS,
          );
        },
        async close() {
          conn.close();
        },
      };
    },

    async dropDays(after) {
      const rows = await db.prisma.$queryRawUnsafe<Array<{ date: string; count: bigint | number }>>(
        `SELECT substr("dropAt", 1, 10) AS date, count(*) AS count FROM "DropDomain" WHERE "dropAt" > ? GROUP BY 1 ORDER BY 1`,
        sqlDate(after),
      );
      return rows.map((r) => ({ date: r.date, count: Number(r.count) }));
    },
  };
}
