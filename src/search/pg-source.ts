import type pg from 'pg';
import { epochMs } from '../clock.ts';
import type { Db } from '../db/client.ts';
import { LIVE, NEXT } from '../droplist/pg-swap.ts';
import type { Logger } from '../log.ts';
import { type Columns, emptyColumns } from './columns.ts';
import type { ListSource, LoadedList } from './list-source.ts';
import { slicer } from './yield.ts';

// Reads the drop list out of PostgreSQL for the memory index: one streamed `COPY … TO STDOUT` on a
// private connection, in one read-only transaction holding the table, so the rows are those of the
// version read (the importer cannot swap the table out meanwhile; it waits for the read).
//
// The version is the list table's oid: every import builds a new table and swaps it in, in one
// transaction (droplist/pg-swap.ts), and never changes a table once it is live. The oid of the
// table an import is about to swap in is therefore also the version that list will have, which
// lets a process build its index of the new list before it goes live (see pg-list-channel.ts).

const VERSION_SQL = `SELECT '${LIVE}'::regclass::oid::text AS v`;
const UNDEFINED_TABLE = '42P01';

async function readRows(client: pg.Client, table: string, c: Columns): Promise<void> {
  const turn = slicer();
  const zoneIds = new Map<string, number>();
  const { to: copyTo } = await import('pg-copy-streams');
  const stream = client.query(
    copyTo(
      `COPY (SELECT label, zone, "dropAt", length, letters, digits, hyphens, idn, score FROM ${table}) TO STDOUT`,
    ),
  );
  let r = 0;
  let rest = '';
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    // Names are stored in their ASCII form, so each byte is one character.
    const text = rest + chunk.toString('latin1');
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      if (r === c.rows) throw new Error(`${table} holds more rows than it counted`);
      const f1 = text.indexOf('\t', start);
      const f2 = text.indexOf('\t', f1 + 1);
      const f3 = text.indexOf('\t', f2 + 1);
      const f4 = text.indexOf('\t', f3 + 1);
      const f5 = text.indexOf('\t', f4 + 1);
      const f6 = text.indexOf('\t', f5 + 1);
      const f7 = text.indexOf('\t', f6 + 1);
      const f8 = text.indexOf('\t', f7 + 1);
      const zone = text.slice(f1 + 1, f2);
      let z = zoneIds.get(zone);
      if (z === undefined) {
        z = c.zones.push(zone) - 1;
        zoneIds.set(zone, z);
      }
      c.labels[r] = text.slice(start, f1);
      c.zoneOf[r] = z;
      // DateStyle ISO; the column holds UTC
      c.dropAt[r] = epochMs(text, f2 + 1, f3);
      if (Number.isNaN(c.dropAt[r]))
        throw new Error(`${table} row "${c.labels[r]}.${zone}" has an unreadable dropAt`);
      c.length[r] = Number(text.slice(f3 + 1, f4));
      c.letters[r] = Number(text.slice(f4 + 1, f5));
      c.digits[r] = Number(text.slice(f5 + 1, f6));
      c.hyphens[r] = Number(text.slice(f6 + 1, f7));
      c.idn[r] = text.charCodeAt(f7 + 1) === 116 ? 1 : 0; // 't'
      c.score[r] = Number(text.slice(f8 + 1, nl));
      r++;
      start = nl + 1;
    }
    rest = text.slice(start);
    await turn();
  }
  if (r !== c.rows) throw new Error(`${table} held ${r} rows, not the ${c.rows} it counted`);
}

/** The live list. */
export async function loadPg(url: string): Promise<LoadedList>;
/** The list an import is about to swap in, or undefined when that table is gone or is no longer `expected`. */
export async function loadPg(url: string, table: string, expected: string): Promise<LoadedList | undefined>;
export async function loadPg(url: string, table = LIVE, expected?: string): Promise<LoadedList | undefined> {
  // node-postgres and its COPY streams load here, in the one process in a hundred that reads the
  // list: a CLI command only asks for the version, through Prisma.
  const { Client } = (await import('pg')).default;
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`SET DateStyle = 'ISO, YMD'`);
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      await client.query(`LOCK TABLE ${table} IN ACCESS SHARE MODE`);
    } catch (e) {
      if ((e as { code?: string }).code === UNDEFINED_TABLE && expected !== undefined) return undefined;
      throw e;
    }
    const { rows } = await client.query<{ v: string; n: number }>(
      `SELECT '${table}'::regclass::oid::text AS v, (SELECT count(*)::int FROM ${table}) AS n`,
    );
    const { v: version, n } = rows[0]!;
    if (expected !== undefined && version !== expected) return undefined;
    const columns = emptyColumns(n);
    await readRows(client, table, columns);
    await client.query('COMMIT');
    return { version, columns };
  } finally {
    await client.end();
  }
}

export function pgListSource(db: Db, log?: Logger): ListSource {
  return {
    version: async () => (await db.prisma.$queryRawUnsafe<{ v: string }[]>(VERSION_SQL))[0]!.v,
    load: () => loadPg(db.url),
    watch: (watcher) => {
      const watching = import('./pg-listener.ts').then(({ listenForLists }) =>
        listenForLists(db.url, log, {
          next: (table) => watcher.next(() => loadPg(db.url, NEXT, String(table))),
          listed: () => watcher.changed(),
          connected: () => watcher.changed(),
        }),
      );
      return {
        ready: watching.then((w) => w.ready),
        stop: async () => (await watching).stop(),
      };
    },
  };
}
