import { existsSync } from 'node:fs';
import { defineConfig } from 'prisma/config';

// Prisma 7's CLI downloads a native schema engine before every command unless this points at an
// existing file; we never run the CLI's migrate/db commands (src/db/migrate.ts drives the WASM engine),
// so any file will do and `generate` works offline.
if (!process.env.PRISMA_SCHEMA_ENGINE_BINARY || !existsSync(process.env.PRISMA_SCHEMA_ENGINE_BINARY)) {
  process.env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;
}

const postgres = process.env.PRISMA_TARGET === 'postgresql';

export default defineConfig({
  schema: postgres ? 'prisma/postgres/schema.prisma' : 'prisma/schema.prisma',
  migrations: { path: postgres ? 'prisma/postgres/migrations' : 'prisma/migrations' },
  datasource: {
    url:
      process.env.DATABASE_URL ??
      (postgres ? 'postgresql://localhost/backorder' : 'file:./data/backorder.db'),
  },
});
