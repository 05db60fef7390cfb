#!/usr/bin/env node
// The `backorder` command: the compiled CLI in dist/ (built by `npm install` or `npm run build`).
// Source maps on, so a stack trace names the TypeScript line.
import { existsSync } from 'node:fs';

process.setSourceMapsEnabled(true);
const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write(
    'backorder: the compiled CLI is missing: run "npm install" (or "npm run build") first\n',
  );
  process.exit(1);
}
const { runCli } = await import(cli.href);
process.exitCode = await runCli(process.argv.slice(2));
