import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { sqlTime } from '../../src/backorders/records.ts';
import { openDb } from '../../src/db/client.ts';
import { MIGRATIONS_DIR, migrateDatabase, migrationNames } from '../../src/db/migrate.ts';
import { freshDatabaseUrl } from '../helpers/db.ts';

// The migration that brought Backorder Lite and the finalization deadline gives the backorders
// placed before it their deadline (drop − 2 hours), on the database the suite runs on.

const MIGRATION = '20261203110602_lite_and_finalization';
const tmp = mkdtempSync(join(tmpdir(), 'backfill-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

it('sets finalizesAt of existing backorders to 2 hours before their drop, null when it is unknown', async () => {
  const { url, drop } = await freshDatabaseUrl();
  const kind = url.startsWith('postgres') ? 'postgresql' : 'sqlite';
  const all = migrationNames(kind);
  const before = join(tmp, kind);
  cpSync(MIGRATIONS_DIR[kind], before, {
    recursive: true,
    // the database as it was just before: that migration and every later one left out
    filter: (src) => !all.slice(all.indexOf(MIGRATION)).some((m) => src.includes(m)),
  });
  expect(migrationNames(kind, before)).toEqual(all.slice(0, all.indexOf(MIGRATION)));
  await migrateDatabase(url, { migrationsDir: before });

  // one client at a time: SQLite's migration engine cannot write while another connection is open
  const old = await openDb(url);
  try {
    const at = sqlTime(old.kind, new Date('2027-01-10T08:00:00Z'));
    await old.prisma
      .$executeRaw`INSERT INTO "Customer" ("name", "currency", "updatedAt") VALUES ('Old', 'USD', ${at})`;
    for (const [fqdn, dropAt] of [
      ['known.com', new Date('2027-01-12T14:30:00Z')],
      ['unknown.com', null],
    ] as const) {
      await old.prisma
        .$executeRaw`INSERT INTO "Backorder" ("customerId", "fqdn", "label", "zone", "status", "dropAt", "currency", "price", "updatedAt")
        VALUES (1, ${fqdn}, 'x', 'com', 'REQUESTED', ${dropAt && sqlTime(old.kind, dropAt)}, 'USD', 1000, ${at})`;
    }
  } finally {
    await old.close();
  }
  await migrateDatabase(url);
  const db = await openDb(url);
  try {
    const rows = await db.prisma.backorder.findMany({ orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.fqdn, r.finalizesAt?.toISOString() ?? null, r.lite])).toEqual([
      ['known.com', '2027-01-12T12:30:00.000Z', false],
      ['unknown.com', null, false],
    ]);
  } finally {
    await db.close();
    await drop();
  }
});
