// `npm install` hook (after the Prisma clients are generated) and `npm run build`: compiles the
// service and the CLI to JavaScript in dist/ with esbuild, offline, in about a second. Bundled
// (one parse instead of hundreds of module files), the service split at dynamic imports, the CLI one
// script for its code cache (see bin/load-cli.js), npm packages left to node_modules, source maps
// kept so stack traces name .ts lines.
// The Telegram Mini App is bundled for browsers into dist/app/ (Preact and uPlot included, minified).
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { wasmFileName } from './generate.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * npm packages compiled into our chunks. Loading a package from node_modules costs a file lookup and
 * a parse per module (zod alone is 99 files: 80-110 ms of every command, 16-26 ms bundled). The rest
 * stay in node_modules: native code (better-sqlite3), Prisma (loads its WebAssembly runtime by
 * path), node-postgres (Prisma's PostgreSQL adapter loads it from there: bundled, a process would
 * hold two copies), and what only the service loads, where start-up happens once.
 */
const BUNDLED = new Set(['zod', 'croner', '@fluent/bundle', 'yauzl', '@prisma/client']);

function packageOf(path) {
  const parts = path.split('/');
  return path.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

/** Leaves every bare import outside `bundled` (and its dependencies) to node_modules. */
function bundleOnly(bundled) {
  return {
    name: 'bundle-only',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('node:')) return { external: true };
        const inside = args.importer.includes('/node_modules/');
        if (bundled.has(packageOf(args.path)) || inside) return undefined;
        return { external: true };
      });
    },
  };
}

/**
 * zod's messages in English only. zod imports its messages in every language it ships (0.4 MB, half
 * the zod in each command's JavaScript) and uses English unless told otherwise; our users' words
 * come from locales/, never from zod.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      args.importer.includes('/node_modules/zod/')
        ? { path: 'zod-locales', namespace: 'zod-locales', pluginData: args.resolveDir }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: "export { default as en } from '../locales/en.js';",
      resolveDir: args.pluginData,
      loader: 'js',
    }));
  },
};

/** What the service's and the CLI's builds share. */
const COMMON = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  plugins: [zodEnglishOnly, bundleOnly(BUNDLED)],
  sourcemap: true,
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
};

/** `clean` first empties dist/; without it files are overwritten in place, so a CLI that another
 * process (a parallel test run) is starting meanwhile never finds its files gone. */
export async function buildDist({ clean = true } = {}) {
  if (clean) rmSync(join(root, 'dist'), { recursive: true, force: true });
  await build({
    ...COMMON,
    entryPoints: { main: 'app/main.ts' },
    outdir: 'dist',
    splitting: true,
    format: 'esm',
    // CommonJS packages compiled into ESM chunks still call require() for Node's own modules.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
  });
  // The CLI is one CommonJS script, which bin/backorder.js compiles with a V8 code cache (ES modules
  // have none on Node 20): a command's JavaScript is then read from the cache instead of parsed and
  // compiled anew by every process. The parts a command does not need are still only run when
  // needed (esbuild wraps what is imported dynamically in functions called at the import).
  await build({
    ...COMMON,
    entryPoints: ['app/cli.ts'],
    outfile: 'dist/cli.cjs',
    format: 'cjs',
    // import() of a package would need a callback for scripts compiled by node:vm: require() it
    supported: { 'dynamic-import': false },
    define: { 'import.meta.url': '__cli_url' },
    banner: { js: "var __cli_url = require('node:url').pathToFileURL(__filename).href;" },
  });
  // The query compilers' WebAssembly, where the bundled clients look for it (scripts/generate.mjs).
  for (const target of ['sqlite', 'postgresql']) {
    const name = wasmFileName(target);
    copyFileSync(join(root, 'src/generated', target, 'internal', name), join(root, 'dist', name));
  }
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
