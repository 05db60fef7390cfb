/**
 * `npm run db:diff -- <name>`: after editing prisma/schema.prisma, write the next migration for BOTH
 * providers (prisma/migrations and prisma/postgres/migrations, same timestamp), the way
 * `prisma migrate dev --create-only` would; Prisma's CLI cannot do it offline (see src/db/migrate.ts).
 *
 * SQLite replays the history on :memory:. PostgreSQL needs a server for its shadow database: set
 * POSTGRES_SHADOW_URL (any database on a server where we may CREATE DATABASE), otherwise a throwaway
 * cluster is started with initdb/pg_ctl under /tmp and removed afterwards.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { diffMigration, lockfileContent, MIGRATIONS_DIR, ROOT } from '../src/db/migrate.ts';

const name = process.argv[2];
if (!name || !/^[A-Za-z0-9_]+$/.test(name)) {
  console.error('usage: tsx scripts/migration-new.ts <name>   (letters, digits, underscore)');
  process.exit(2);
}

/** Runs a PostgreSQL tool, as the postgres user when we are root (initdb refuses to run as root). */
function pgTool(args: string[]): void {
  const asRoot = process.getuid?.() === 0;
  execFileSync(asRoot ? 'runuser' : args[0]!, asRoot ? ['-u', 'postgres', '--', ...args] : args.slice(1), {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** A private cluster for the shadow database; returns its URL and a stop function. */
async function throwawayCluster(): Promise<{ url: string; stop: () => void }> {
  const dir = mkdtempSync('/tmp/pg-shadow-');
  if (process.getuid?.() === 0) {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, id('-u'), id('-g'));
  }
  const port = await freePort();
  const data = join(dir, 'data');
  const stop = () => {
    try {
      pgTool(['pg_ctl', '-D', data, '-m', 'immediate', 'stop']);
    } catch {
      // not running
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    pgTool(['initdb', '-D', data, '-U', 'postgres', '--auth=trust', '--no-sync']);
    pgTool([
      'pg_ctl',
      '-D',
      data,
      '-l',
      join(dir, 'log'),
      '-o',
      `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off`,
      '-w',
      'start',
    ]);
  } catch (e) {
    stop();
    throw e;
  }
  return { url: `postgresql://postgres@127.0.0.1:${port}/postgres`, stop };
}

// Bring prisma/postgres/schema.prisma (and both clients) up to date with the schema being migrated to.
try {
  execFileSync(process.execPath, [join(ROOT, 'scripts/generate.mjs')], { stdio: 'pipe' });
} catch (e) {
  console.error(String((e as { stderr?: Buffer }).stderr ?? e));
  process.exit(1);
}

const sqlite = await diffMigration('sqlite');
let cluster: { url: string; stop: () => void } | undefined;
let postgres: string | null;
try {
  let shadowUrl = process.env.POSTGRES_SHADOW_URL;
  if (!shadowUrl) {
    cluster = await throwawayCluster();
    shadowUrl = cluster.url;
  }
  postgres = await diffMigration('postgresql', { shadowUrl });
} finally {
  cluster?.stop();
}

// Prisma's directory name: UTC yyyyMMddHHmmss_name.
const folder = `${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}_${name}`;
let wrote = 0;
for (const [kind, sql] of [
  ['sqlite', sqlite],
  ['postgresql', postgres],
] as const) {
  if (sql === null && (kind === 'sqlite' || sqlite === null)) {
    console.log(`${kind}: schema and migrations agree, nothing written`);
    continue;
  }
  const dir = join(MIGRATIONS_DIR[kind], folder);
  if (existsSync(dir)) throw new Error(`${dir} already exists`);
  mkdirSync(dir, { recursive: true });
  // Every SQLite migration has a PostgreSQL twin of its name (test/db/drift-pg.test.ts), even
  // when the change is SQLite's alone.
  writeFileSync(join(dir, 'migration.sql'), sql ?? '-- Nothing changes on PostgreSQL.\n');
  writeFileSync(join(MIGRATIONS_DIR[kind], 'migration_lock.toml'), lockfileContent(kind));
  console.log(`${kind}: wrote ${join(dir, 'migration.sql').slice(ROOT.length + 1)}`);
  wrote++;
}
if (wrote === 1) console.warn('warning: only one provider changed; the two schemas should move together');
