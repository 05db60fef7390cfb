#!/usr/bin/env node
// The `backorder` command. The core is TypeScript run through tsx (the generated Prisma client is
// TypeScript too), so this stub registers tsx's loader and hands over to src/cli.ts.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli.ts');
process.exitCode = await runCli(process.argv.slice(2));
