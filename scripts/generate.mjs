// `npm install` hook: derive the PostgreSQL schema from the SQLite one (provider and output differ,
// and `// postgresql: ` lines are PostgreSQL-only attributes) and generate both Prisma clients, offline.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = readFileSync(join(root, 'prisma/schema.prisma'), 'utf8');

export function postgresSchema(text) {
  return text
    .replace('output       = "../src/generated/sqlite"', 'output       = "../../src/generated/postgresql"')
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace(/^(\s*)\/\/ postgresql: /gm, '$1')
    .replace(
      /^\/\/ The one data model\.[^\n]*\n(\/\/[^\n]*\n)*/m,
      '// GENERATED from prisma/schema.prisma by scripts/generate.mjs: do not edit.\n',
    );
}

// Run as a script (npm install, db:generate); imported (by the schema drift test), only the above.
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  mkdirSync(join(root, 'prisma/postgres'), { recursive: true });
  writeFileSync(join(root, 'prisma/postgres/schema.prisma'), postgresSchema(source));

  const prisma = join(root, 'node_modules/prisma/build/index.js');
  const env = {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.execPath,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
  };
  for (const target of ['sqlite', 'postgresql']) {
    execFileSync(process.execPath, [prisma, 'generate'], {
      cwd: root,
      env: { ...env, PRISMA_TARGET: target },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
  }
}
