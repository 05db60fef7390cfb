import pg from 'pg';
import type { Db } from '../db/client.ts';
import { copyRows } from './pg-copy.ts';
import { LIST_CHANNEL, listPayload } from './pg-list-channel.ts';
import { fillNext, indexPlan, NEXT, runShared, swapIn } from './pg-swap.ts';
import type { DropStore, Staging } from './store.ts';

// PostgreSQL: rows stream by COPY into an unlogged staging table on a dedicated connection, then
// the new list is built beside the live one and swapped in (see pg-swap.ts). One import at a time:
// the connection holds a session lock from staging to the end, so a second import waits, and one
// that died (its lock gone with its connection) leaves tables the next one drops.

const STAGE = '"DropDomain_stage"';
/** Serialises concurrent imports (a scheduled one and one from the CLI). */
const IMPORT_LOCK = 0x64726f70;
/**
 * Session settings of the import's connections: the fill sorts a million rows and the primary key
 * is built over them, in memory rather than in temporary files. No JIT: its compile time is paid
 * afresh on every import, for statements that run once (the fill of 1 000 000 rows, measured once:
 * 5.5 s with it, 5.1 s without).
 *
 * The planner's own parallel costs stay: with them at 0 the fill ran on parallel workers, and the
 * CLI import of 1 000 000 names took 5.5 s instead of 6.2-6.7 s into an empty database and
 * 6.2-6.5 s instead of 7.6-7.8 s over the full list (two runs each way), but on the 2-core bench
 * machine the workers took the CPU from the service's instances searching meanwhile: their p95
 * went over the 50 ms wanted in two runs of three (52-71 and 68 ms, against 27-46 ms without). A
 * server with cores to spare plans it in parallel by its own settings.
 */
const SETTINGS = ["SET work_mem = '256MB'", "SET maintenance_work_mem = '512MB'", 'SET jit = off'];
/** Connections building at once: the primary key on one while the other analyses the table. */
const BUILDERS = 2;

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const sql of SETTINGS) await client.query(sql);
    return client;
  } catch (e) {
    await client.end();
    throw e;
  }
}

const tableOid = async (client: pg.Client, table: string) =>
  Number((await client.query<{ oid: number }>(`SELECT '${table}'::regclass::oid AS oid`)).rows[0]!.oid);

export function pgDropStore(db: Db): DropStore {
  return {
    async stage(): Promise<Staging> {
      const client = await connect(db.url);
      try {
        await client.query('SELECT pg_advisory_lock($1)', [IMPORT_LOCK]);
        await client.query(`DROP TABLE IF EXISTS ${STAGE}, ${NEXT}`);
        await client.query(`CREATE UNLOGGED TABLE ${STAGE} (n integer NOT NULL, fqdn text NOT NULL,
          label text NOT NULL, zone text NOT NULL, "dropAt" timestamp(3) NOT NULL, length integer NOT NULL,
          letters integer NOT NULL, digits integer NOT NULL, hyphens integer NOT NULL, idn boolean NOT NULL,
          score integer NOT NULL)`);
      } catch (e) {
        await client.end();
        throw e;
      }
      // The column is timestamp without time zone holding UTC (as Prisma writes it): the COPY sends
      // the row's UTC instant as that type's count of microseconds.
      const copy = copyRows(client, STAGE);
      return {
        write: (rows) => copy.write(rows),

        async replace(importId) {
          await copy.end();
          const counts = await fillNext(client, STAGE, importId);
          const table = await tableOid(client, NEXT);
          // Its rows are final: processes keeping a search index can read them while indexes build.
          await client.query('SELECT pg_notify($1, $2)', [
            LIST_CHANNEL,
            listPayload({ kind: 'next', table }),
          ]);
          const plan = await indexPlan(client);
          const helpers = await Promise.all(Array.from({ length: BUILDERS - 1 }, () => connect(db.url)));
          try {
            await runShared([client, ...helpers], [...plan.map((p) => p.create), `ANALYZE ${NEXT}`]);
          } finally {
            await Promise.all(helpers.map((h) => h.end()));
          }
          await swapIn(client, plan, table);
          return { ...counts, duplicates: copy.rows - counts.total };
        },

        async close() {
          try {
            await copy.abort('the import was abandoned');
            await client.query(`DROP TABLE IF EXISTS ${STAGE}, ${NEXT}`);
          } finally {
            await client.end();
          }
        },
      };
    },

    async dropDays(after) {
      const rows = await db.prisma.$queryRawUnsafe<Array<{ date: string; count: number }>>(
        `SELECT to_char("dropAt", 'YYYY-MM-DD') AS date, count(*)::int AS count
         FROM "DropDomain" WHERE "dropAt" > $1::timestamp GROUP BY 1 ORDER BY 1`,
        after.toISOString(),
      );
      return rows.map((r) => ({ date: r.date, count: Number(r.count) }));
    },
  };
}
