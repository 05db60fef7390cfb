import pg from 'pg';
import type { Db } from '../db/client.ts';
import type { DropStore, ReplaceCounts, Staging } from './store.ts';

// PostgreSQL: rows are staged in a TEMP table on a dedicated connection, a batch per statement
// through unnest() of array parameters (one round trip per batch, no extra dependency for COPY).
// The swap merges in place: under MVCC readers keep seeing the old list until the commit, and
// unchanged rows (most of them, twice a day) are not rewritten.

const COLUMNS = 'fqdn, label, zone, "dropAt", length, letters, digits, hyphens, idn';
/** Serialises concurrent imports (a scheduled one and one from the CLI) at the swap. */
const IMPORT_LOCK = 0x64726f70;

export function pgDropStore(db: Db): DropStore {
  return {
    async stage(): Promise<Staging> {
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        await client.query(`CREATE TEMP TABLE drop_stage (
          fqdn text PRIMARY KEY, label text NOT NULL, zone text NOT NULL, "dropAt" timestamp(3) NOT NULL,
          length integer NOT NULL, letters integer NOT NULL, digits integer NOT NULL, hyphens integer NOT NULL,
          idn boolean NOT NULL)`);
      } catch (e) {
        await client.end();
        throw e;
      }
      let sent = 0;
      let kept = 0;
      return {
        async write(rows) {
          // The column is timestamp without time zone holding UTC (as Prisma writes it); the
          // trailing Z of the ISO text is ignored by that type, which is what is wanted here.
          const res = await client.query(
            `INSERT INTO drop_stage (${COLUMNS})
             SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamp(3)[], $5::int[], $6::int[], $7::int[], $8::int[], $9::bool[])
             ON CONFLICT (fqdn) DO NOTHING`,
            [
              rows.map((r) => r.fqdn),
              rows.map((r) => r.label),
              rows.map((r) => r.zone),
              rows.map((r) => r.dropAt),
              rows.map((r) => r.length),
              rows.map((r) => r.letters),
              rows.map((r) => r.digits),
              rows.map((r) => r.hyphens),
              rows.map((r) => r.idn),
            ],
          );
          sent += rows.length;
          kept += res.rowCount ?? 0;
        },

        async replace(importId): Promise<ReplaceCounts> {
          await client.query('ANALYZE drop_stage');
          await client.query('BEGIN');
          try {
            await client.query('SELECT pg_advisory_xact_lock($1)', [IMPORT_LOCK]);
            const before = (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM "DropDomain"'))
              .rows[0]!.n;
            const { matched, updated } = (
              await client.query<{ matched: number; updated: number }>(
                `SELECT count(*)::int AS matched, (count(*) FILTER (WHERE d."dropAt" <> s."dropAt"))::int AS updated
                 FROM drop_stage s JOIN "DropDomain" d ON d.fqdn = s.fqdn`,
              )
            ).rows[0]!;
            await client.query(
              'DELETE FROM "DropDomain" d WHERE NOT EXISTS (SELECT 1 FROM drop_stage s WHERE s.fqdn = d.fqdn)',
            );
            await client.query(
              `UPDATE "DropDomain" d SET "dropAt" = s."dropAt" FROM drop_stage s WHERE s.fqdn = d.fqdn AND d."dropAt" <> s."dropAt"`,
            );
            await client.query(
              `INSERT INTO "DropDomain" (${COLUMNS}, "importId")
               SELECT ${COLUMNS}, $1 FROM drop_stage s
               WHERE NOT EXISTS (SELECT 1 FROM "DropDomain" d WHERE d.fqdn = s.fqdn)`,
              [importId],
            );
            await client.query('COMMIT');
            return {
              added: kept - matched,
              updated,
              removed: before - matched,
              duplicates: sent - kept,
              total: kept,
            };
          } catch (e) {
            await client.query('ROLLBACK').catch(() => undefined);
            throw e;
          }
        },

        close: () => client.end(),
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
