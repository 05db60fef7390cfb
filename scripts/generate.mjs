// `npm install` hook: derive the PostgreSQL schema from the SQLite one (provider and output differ,
// and `// postgresql: ` lines are PostgreSQL-only attributes) and generate both Prisma clients, offline.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = readFileSync(join(root, 'prisma/schema.prisma'), 'utf8');

/**
 * Prisma ships its query compiler as a JavaScript module holding the WebAssembly in base64 (4.4 MB):
 * every process that queries parsed that source, then decoded it, about 130 ms of each CLI command.
 * We write the binary beside the generated client once, and the client compiles it from the file,
 * asynchronously (off the main thread) from the moment the client module is loaded. scripts/build.mjs
 * copies the file next to the compiled chunks, where the same relative URL finds it.
 */
export function wasmFileName(target) {
  return `query_compiler.${target}.wasm`;
}

const LOADER =
  /getQueryCompilerWasmModule: async \(\) => \{\n\s*const \{ wasm \} = await import\("([^"]+)"\)\n\s*return await decodeBase64AsWasm\(wasm\)\n\s*\},/;

/**
 * The generated client's source, loading its WebAssembly from the file, and the module it imported
 * the base64 from (to write that file).
 */
function loadWasmFromFile(classSource, target) {
  const base64Module = LOADER.exec(classSource)?.[1];
  if (!base64Module)
    throw new Error(`the generated ${target} client no longer loads its WebAssembly as expected`);
  const compiled = `const queryCompilerWasm = import('node:fs/promises')
  .then(({ readFile }) => readFile(new URL('./${wasmFileName(target)}', import.meta.url)))
  .then((bytes) => WebAssembly.compile(bytes))
// Awaited at the first query; a process that never queries must not die of an unhandled rejection.
queryCompilerWasm.catch(() => {})
`;
  const patched = classSource
    .replace(LOADER, 'getQueryCompilerWasmModule: () => queryCompilerWasm,')
    .replace('config.compilerWasm = {', `${compiled}\nconfig.compilerWasm = {`);
  return { base64Module, patched };
}

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
    const internal = join(root, 'src/generated', target, 'internal');
    const classFile = join(internal, 'class.ts');
    const { base64Module, patched } = loadWasmFromFile(readFileSync(classFile, 'utf8'), target);
    const { wasm } = await import(createRequire(join(root, 'package.json')).resolve(base64Module));
    writeFileSync(join(internal, wasmFileName(target)), Buffer.from(wasm, 'base64'));
    writeFileSync(classFile, patched);
  }
}
