import { Prisma } from '../generated/sqlite/client.ts';

// Many rows for one INSERT … SELECT on PostgreSQL: each column is one array parameter, so a chunk
// of 500 rows is a handful of parameters instead of thousands. A VALUES list costs Prisma and the
// server per value: the lifecycle pass's 500-row audit-log inserts took 28 ms each that way, 12 ms
// this way. (SQLite has no arrays; it keeps VALUES lists.)

/** bigint values go as their decimal text: exact, whatever the driver does with JS bigints in arrays */
export type ColumnType = 'text' | 'int' | 'bigint';

/** `unnest($1::text[], $2::int[], …)`, one column per array, rows in array order. */
export function unnest(
  columns: Array<[values: Array<string | number | null>, type: ColumnType]>,
): Prisma.Sql {
  return Prisma.sql`unnest(${Prisma.join(columns.map(([values, type]) => Prisma.sql`${values}::${Prisma.raw(type)}[]`))})`;
}
