/**
 * Prisma migrations without Prisma's CLI. The CLI's `migrate`/`db` commands need a native schema engine
 * that cannot be downloaded on our offline machines, so we drive the WASM build of the same engine
 * (`@prisma/schema-engine-wasm`, pinned to the prisma version in package.json) through our driver
 * adapters. Folder layout (`<dir>/<timestamp>_<name>/migration.sql`, `migration_lock.toml`) and the
 * `_prisma_migrations` table are Prisma's own, so `prisma migrate deploy` would accept the same state.
 * This is not a supported Prisma interface: test/db/migrate.test.ts covers it; upgrade engine and
 * prisma together. This file is the public entry; the parts are in migrate/.
 */
export { migrateDatabase } from './migrate/apply.ts';
export { diffMigration } from './migrate/diff.ts';
export type { MigrateOptions } from './migrate/engine.ts';
export { lockfileContent, MIGRATIONS_DIR, migrationNames, ROOT, SCHEMA_FILE } from './migrate/folder.ts';
export { pgAdmin } from './migrate/postgres.ts';
export { type MigrationStatus, migrationStatus } from './migrate/status.ts';
