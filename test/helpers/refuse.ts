import type { Db } from '../../src/db/client.ts';

// A real database failure for a test, on SQLite and PostgreSQL alike: a trigger refuses inserts
// into `table` (only rows for which `when`, an SQL condition over NEW, holds) until the returned
// function drops it.

let seq = 0;

export async function refuseInserts(db: Db, table: string, when?: string): Promise<() => Promise<void>> {
  const name = `refuse_${table.toLowerCase()}_${++seq}`;
  const run = (sql: string) => db.prisma.$executeRawUnsafe(sql);
  if (db.kind === 'sqlite') {
    await run(
      `CREATE TRIGGER "${name}" BEFORE INSERT ON "${table}"${when ? ` WHEN ${when}` : ''}
       BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`,
    );
    return async () => {
      await run(`DROP TRIGGER "${name}"`);
    };
  }
  await run(
    `CREATE FUNCTION "${name}"() RETURNS trigger LANGUAGE plpgsql
     AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$`,
  );
  await run(
    `CREATE TRIGGER "${name}" BEFORE INSERT ON "${table}" FOR EACH ROW${when ? ` WHEN (${when})` : ''}
     EXECUTE FUNCTION "${name}"()`,
  );
  return async () => {
    await run(`DROP TRIGGER "${name}" ON "${table}"`);
    await run(`DROP FUNCTION "${name}"()`);
  };
}
