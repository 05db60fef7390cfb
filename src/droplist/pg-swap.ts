import type pg from 'pg';
import { LIST_CHANNEL, listPayload } from './pg-list-channel.ts';
import type { ReplaceCounts } from './store.ts';

// The new list is built beside the live one, in a table of its own, then swapped in. Measured on
// 1 000 000 names (the bench's two lists; a busy 2-core machine, PostgreSQL 15), after staging:
// merging the next day's list into the live table (a tenth of the names gone, a tenth moved, a tenth
// new: DELETE, UPDATE and INSERT, the pg_trgm GIN and four B-tree indexes kept up to date row by
// row) took 15.7 s; building it beside took 11.7 s (filling a bare table in name order 3.3 s, the
// five indexes one after the other 7.3 s, the counts 0.8 s), and 6-9 s with the indexes built on two
// connections. Into an empty list a merge sends every row through every index (the whole import
// took 36.8 s that way), where building beside costs the same as over a full list. Since searches
// use each instance's memory index, the list keeps only its primary key: the whole import through
// the CLI went from 14.6 s to about 10 s (a plain COPY of the same rows: 2.1-2.4 s). The build runs
// outside any transaction on the live list, so readers and the service's writers never wait for it;
// only the swap locks the live table, for milliseconds.

export const LIVE = '"DropDomain"';
export const NEXT = '"DropDomain_next"';
/** The staged columns the new list takes as they are; "importId" is worked out, any other is its default. */
const STAGED = new Set([
  'fqdn',
  'label',
  'zone',
  'dropAt',
  'length',
  'letters',
  'digits',
  'hyphens',
  'idn',
  'score',
]);

export interface IndexPlan {
  /** builds the index on the next table, under a temporary name */
  create: string;
  /** gives the index (or the constraint it backs) its live name, once the next table is live */
  adopt: string;
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

interface LiveColumn {
  name: string;
  type: string;
  notNull: boolean;
  /** the default's expression, or null */
  def: string | null;
}

/** The live table's columns in order, as the next table must have them. */
async function liveColumns(client: pg.Client): Promise<LiveColumn[]> {
  const { rows } = await client.query<LiveColumn>(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS "notNull",
       pg_get_expr(d.adbin, d.adrelid) AS def
     FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE a.attrelid = '${LIVE}'::regclass AND a.attnum > 0 AND NOT a.attisdropped
     ORDER BY a.attnum`,
  );
  return rows;
}

/** A column of the next table while it is filled: the name's drop time in the live list, if listed. */
const WAS = '"import: dropAt before"';

/**
 * Creates the next table from the staged rows and counts what changes: the first row of a
 * repeated name wins, names already listed keep the id of the import that first listed them, and
 * rows go in in name (byte) order, which is the order the search's memory index wants. The table
 * then gets the live table's NOT NULLs, defaults and checks (its indexes come later: indexPlan).
 *
 * `CREATE TABLE … AS` rather than `INSERT … SELECT` into a copy of the live table: PostgreSQL may
 * run the join and the sort of the former on parallel workers, never those of an insert (see
 * SETTINGS in pg-store.ts), and it writes the table in bulk. Measured on 1 000 000 names over the
 * full list, serial: 3.3-3.8 s inserting, 3.2-3.3 s creating (old drop times included), plus 0.2 s
 * for the NOT NULLs' check.
 *
 * The join that carries the import ids also brings each listed name's old drop time, in a column
 * dropped once counted: 0.1 s more to create and 0.2 s to count, where joining the filled table to
 * the live one again took 1.0 s (and 5.5 s in all, counted in the same statement through a
 * materialised CTE). A dropped column's values stay in the table until it is rewritten, that is
 * until the next import replaces it.
 */
export async function fillNext(
  client: pg.Client,
  stage: string,
  importId: number,
): Promise<Omit<ReplaceCounts, 'duplicates'>> {
  if (!Number.isSafeInteger(importId)) throw new Error(`import id ${importId} is not an integer`);
  const columns = await liveColumns(client);
  const value = (c: LiveColumn) => {
    if (STAGED.has(c.name)) return `s.${quote(c.name)}`;
    if (c.name === 'importId') return `coalesce(o."importId", ${importId})`;
    if (c.def !== null) return c.def;
    throw new Error(`the drop list's column ${c.name} has no default: the import cannot fill it`);
  };
  // A utility statement takes no parameters: the import id is written in, checked above.
  await client.query(
    `CREATE TABLE ${NEXT} AS
     SELECT DISTINCT ON (s.fqdn COLLATE "C")
       ${columns.map((c) => `CAST(${value(c)} AS ${c.type}) AS ${quote(c.name)}`).join(', ')},
       o."dropAt" AS ${WAS}
     FROM ${stage} s LEFT JOIN ${LIVE} o ON o.fqdn = s.fqdn
     ORDER BY s.fqdn COLLATE "C", s.n`,
  );
  const { rows } = await client.query<{ before: number; total: number; matched: number; updated: number }>(
    `SELECT (SELECT count(*) FROM ${LIVE})::int AS before, count(*)::int AS total,
       count(${WAS})::int AS matched, (count(*) FILTER (WHERE ${WAS} <> "dropAt"))::int AS updated
     FROM ${NEXT}`,
  );
  const { rows: checks } = await client.query<{ name: string; def: string }>(
    `SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint
     WHERE conrelid = '${LIVE}'::regclass AND contype = 'c'`,
  );
  await client.query(
    `ALTER TABLE ${NEXT} ${[
      `DROP COLUMN ${WAS}`,
      ...columns.filter((c) => c.notNull).map((c) => `ALTER COLUMN ${quote(c.name)} SET NOT NULL`),
      ...columns
        .filter((c) => c.def !== null)
        .map((c) => `ALTER COLUMN ${quote(c.name)} SET DEFAULT ${c.def}`),
      ...checks.map((c) => `ADD CONSTRAINT ${quote(c.name)} ${c.def}`),
    ].join(', ')}`,
  );
  const { before, total, matched, updated } = rows[0]!;
  return { added: total - matched, updated, removed: before - matched, total };
}

/**
 * The live table's indexes, to build on the next table: so that those a later migration adds
 * survive an import. The costliest come first (other than B-tree, then by size), so that two
 * builders finish together.
 */
export async function indexPlan(client: pg.Client): Promise<IndexPlan[]> {
  const { rows } = await client.query<{ name: string; def: string; constraint: string | null }>(
    `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS def, c.conname AS constraint
     FROM pg_index x
     JOIN pg_class i ON i.oid = x.indexrelid
     JOIN pg_am am ON am.oid = i.relam
     LEFT JOIN pg_constraint c ON c.conindid = i.oid AND c.conrelid = x.indrelid
     WHERE x.indrelid = '${LIVE}'::regclass
     ORDER BY am.amname <> 'btree' DESC, pg_relation_size(i.oid) DESC, i.relname`,
  );
  return rows.map((r, k) => {
    const temp = `"DropDomain_next_${k}"`;
    const m = /^CREATE (UNIQUE )?INDEX (\S+) ON (\S+) (USING .*)$/.exec(r.def);
    if (!m) throw new Error(`cannot rebuild index ${r.name}: ${r.def}`);
    return {
      create: `CREATE ${m[1] ?? ''}INDEX ${temp} ON ${m[3]!.replace(LIVE, NEXT)} ${m[4]}`,
      adopt: r.constraint
        ? `ALTER TABLE ${LIVE} ADD CONSTRAINT ${quote(r.name)} ${m[1] ? 'PRIMARY KEY' : 'UNIQUE'} USING INDEX ${temp}`
        : `ALTER INDEX ${temp} RENAME TO ${quote(r.name)}`,
    };
  });
}

/** Runs the statements on the given connections at once, each taking the next one left. */
export async function runShared(clients: pg.Client[], statements: string[]): Promise<void> {
  const queue = [...statements];
  await Promise.all(
    clients.map(async (c) => {
      for (let sql = queue.shift(); sql !== undefined; sql = queue.shift()) await c.query(sql);
    }),
  );
}

/**
 * Makes the next table the live list in one transaction, and says so to every listening process
 * at its commit. The next table is locked first: a process still reading it for its search index
 * is waited for while the live list still answers everyone else.
 */
export async function swapIn(client: pg.Client, plan: IndexPlan[], table: number): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(`LOCK TABLE ${NEXT}, ${LIVE} IN ACCESS EXCLUSIVE MODE`);
    await client.query(`DROP TABLE ${LIVE}`);
    await client.query(`ALTER TABLE ${NEXT} RENAME TO ${LIVE}`);
    for (const p of plan) await client.query(p.adopt);
    await client.query('SELECT pg_notify($1, $2)', [LIST_CHANNEL, listPayload({ kind: 'listed', table })]);
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}
