#!/usr/bin/env node
// The `backorder` command: the compiled CLI in dist/ (built by `npm install` or `npm run build`).
// Source maps are off here: reading them cost every command about 60 ms, and a command prints
// messages, not stack traces. `NODE_OPTIONS=--enable-source-maps backorder …` turns them on (the
// service always has them).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { loadCli } from './load-cli.js';

// Prisma's query compiler is WebAssembly. V8 compiles it quickly (Liftoff), then once more, optimised,
// on background threads that the process waits for before it exits: 0.3-0.4 s of every command, for
// code a one-shot command is gone before it could use. `batch`, a long run of Prisma queries, keeps
// the optimised code; a drop-list import is long too, but its rows go through node-postgres or
// better-sqlite3, and Prisma runs a handful of queries (a one-row import: 1.4-2.0 -> 1.1-1.4 s).
const LONG_RUNNING = new Set(['batch']);
// A young generation allowed to grow to 64 MB: start-up allocates much that lives on (modules,
// schemas), and with the default a command spent about 60 ms copying it between small semi-spaces.
if (!LONG_RUNNING.has(process.argv[2] ?? '')) {
  v8.setFlagsFromString('--liftoff-only');
  v8.setFlagsFromString('--max-semi-space-size=64');
}

// A reader that stops early (`backorder search shop | head`) closes the pipe: the rest of the output
// is dropped rather than thrown, and the command runs to its end (a change it makes completes) and
// exits with its own code.
process.stdout.on('error', (e) => {
  if (e.code !== 'EPIPE') throw e;
});

const cli = fileURLToPath(new URL('../dist/cli.cjs', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write(
    'backorder: the compiled CLI is missing: run "npm install" (or "npm run build") first\n',
  );
  process.exit(1);
}
const argv = process.argv.slice(2);
const { runCli, saveCache } = loadCli(cli, argv);
process.exitCode = await runCli(argv);
saveCache(process.exitCode);
