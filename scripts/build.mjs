// `npm install` hook (after the Prisma clients are generated) and `npm run build`: compiles the
// service and the CLI to JavaScript in dist/ with esbuild, offline, in about a second. Bundled
// (one parse instead of hundreds of module files), split at dynamic imports (a command loads only
// its own part), npm packages left to node_modules, source maps kept so stack traces name .ts lines.
// The Telegram Mini App is bundled for browsers into dist/app/ (Preact and uPlot included, minified).
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** `clean` first empties dist/; without it files are overwritten in place, so a CLI that another
 * process (a parallel test run) is starting meanwhile never finds its files gone. */
export async function buildDist({ clean = true } = {}) {
  if (clean) rmSync(join(root, 'dist'), { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    entryPoints: { main: 'app/main.ts', cli: 'app/cli.ts' },
    outdir: 'dist',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
  await buildMiniApp(join(root, 'dist', 'app'));
}

const UI = join(root, 'bots', 'telegram', 'webapp', 'ui');

/** The Mini App's page, script and stylesheet, into `outdir`. */
export async function buildMiniApp(outdir) {
  mkdirSync(outdir, { recursive: true });
  await build({
    absWorkingDir: root,
    entryPoints: { app: join(UI, 'main.tsx') },
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome100', 'safari15', 'firefox100'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
  copyFileSync(join(UI, 'index.html'), join(outdir, 'index.html'));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildDist();
