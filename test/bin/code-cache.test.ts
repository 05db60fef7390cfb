import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/paths.ts';
import { runBackorder } from '../helpers/cli.ts';
import { freshDatabaseUrl } from '../helpers/db.ts';

// bin/backorder.js compiles the CLI with a V8 code cache per command word, in dist/.cache/. A
// cache speeds a command up and must never change what it does: read when it fits, written again
// when V8 refuses it, and no cache at all for a usage error.

const CACHE = join(PROJECT_ROOT, 'dist', '.cache');

let url: string;
let drop: () => Promise<void>;
beforeAll(async () => {
  ({ url, drop } = await freshDatabaseUrl());
  expect((await cli('db', 'migrate')).code).toBe(0);
}, 120_000);
afterAll(() => drop());

const cli = (...args: string[]) => runBackorder(args, { DATABASE_URL: url }, 120_000);
/** the cache files of a command word (other test files may write theirs meanwhile) */
const cachesOf = (word: string) => {
  try {
    return readdirSync(CACHE).filter((f) => f.startsWith(`${word}-`) && f.endsWith('.v8'));
  } catch {
    return [];
  }
};

it('is written by the first run of a command and read, unchanged, by the next', {
  timeout: 120_000,
}, async () => {
  for (const f of cachesOf('db')) writeFileSync(join(CACHE, f), 'not a code cache');
  const first = await cli('db', 'status', '--json');
  expect(first.code).toBe(0);
  const [file] = cachesOf('db');
  expect(file).toBeDefined();
  const path = join(CACHE, file!);
  expect(readFileSync(path, 'utf8')).not.toBe('not a code cache');
  const written = statSync(path).mtimeMs;

  const second = await cli('db', 'status', '--json');
  expect(second).toEqual(first);
  // accepted by V8: a refused cache would have been written again
  expect(statSync(path).mtimeMs).toBe(written);
});

it('is refused when it is not one, and the command answers as without it', { timeout: 120_000 }, async () => {
  await cli('db', 'status');
  const [file] = cachesOf('db');
  const path = join(CACHE, file!);
  writeFileSync(path, Buffer.alloc(4096, 7));
  const run = await cli('db', 'status', '--json');
  expect(run.code).toBe(0);
  expect(JSON.parse(run.out)).toMatchObject({ pending: [] });
  expect(readFileSync(path).equals(Buffer.alloc(4096, 7))).toBe(false);
});

it('is not written for a usage error, nor by the --help of a command', { timeout: 120_000 }, async () => {
  const run = await cli('no-such-command');
  expect(run.code).toBe(2);
  expect(run.err).toMatch(/unknown command "no-such-command"/);
  expect(cachesOf('no-such-command')).toEqual([]);

  const help = await cli('logs', '--help');
  expect(help.code).toBe(0);
  expect(help.out).toMatch(/backorder logs/);
  expect(cachesOf('logs')).toEqual([]);
});
