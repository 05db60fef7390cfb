// The PostgreSQL schema and migrations must stay in step with the SQLite ones: the schema file is
// generated from SQLite's (checked everywhere), and replaying the PostgreSQL migrations must give
// exactly that schema (checked when TEST_DATABASE_URL is a PostgreSQL server: the engine needs one
// for its shadow database). test/db/migrate.test.ts checks the same for SQLite.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { diffMigration, lockfileContent, MIGRATIONS_DIR, ROOT, SCHEMA_FILE } from '../../src/db/migrate.ts';

const server = process.env.TEST_DATABASE_URL;
const onPostgres = Boolean(server?.startsWith('postgres'));

const folders = (dir: string) =>
  readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();

describe('PostgreSQL schema and migrations', () => {
  it('prisma/postgres/schema.prisma is the one generated from prisma/schema.prisma (else `npm run db:generate`)', async () => {
    const { postgresSchema } = (await import(pathToFileURL(join(ROOT, 'scripts/generate.mjs')).href)) as {
      postgresSchema(text: string): string;
    };
    const generated = postgresSchema(readFileSync(SCHEMA_FILE.sqlite, 'utf8'));
    expect(generated).toMatch(/provider = "postgresql"/);
    expect(readFileSync(SCHEMA_FILE.postgresql, 'utf8')).toBe(generated);
  });

  it('every SQLite migration has its PostgreSQL twin of the same name (`npm run db:diff -- <name>` writes both)', () => {
    const sqlite = folders(MIGRATIONS_DIR.sqlite);
    const postgres = folders(MIGRATIONS_DIR.postgresql);
    expect(sqlite.length).toBeGreaterThan(0);
    // PostgreSQL may have migrations of its own (PostgreSQL-only indexes), never fewer.
    expect(postgres).toEqual(expect.arrayContaining(sqlite));
    expect(readFileSync(join(MIGRATIONS_DIR.postgresql, 'migration_lock.toml'), 'utf8')).toBe(
      lockfileContent('postgresql'),
    );
    expect(readFileSync(join(MIGRATIONS_DIR.sqlite, 'migration_lock.toml'), 'utf8')).toBe(
      lockfileContent('sqlite'),
    );
  });

  it.skipIf(!onPostgres)(
    `the PostgreSQL migrations give exactly the PostgreSQL schema${onPostgres ? '' : ' (skipped: needs TEST_DATABASE_URL=postgresql://…)'}`,
    async () => {
      expect(await diffMigration('postgresql', { shadowUrl: server })).toBeNull();
    },
    120_000,
  );
});
