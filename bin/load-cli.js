// Loads the compiled CLI (one CommonJS script) through node:vm with a V8 code cache, so that a
// command's JavaScript is deserialised instead of parsed and compiled anew by every process: on
// this 2-core machine `pricing list` took 401 ms instead of 461 ms (483 ms as ES modules, which
// have no code cache on Node 20).
//
// A cache holds the functions one command ran, so there is one per command word (`pricing`,
// `backorder`, `help`…), written in dist/.cache/ by the first run that lacks it. Its name carries
// the script's size and time, so a rebuilt CLI never meets an old cache; V8 itself refuses a cache
// made by another V8 or with other flags, and the run that was refused writes it again. Where
// dist/ cannot be written, commands run as well, only without a cache.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import vm from 'node:vm';

const isHelp = (arg) => arg === '--help' || arg === '-h';

/**
 * The cache's name for a command line, or undefined when it is not worth one: a command's own
 * --help would leave a cache without the command's work in it for every later run.
 */
function cacheWord(argv) {
  const first = argv[0];
  if (first === undefined || isHelp(first)) return 'help';
  if (argv.some(isHelp)) return undefined;
  return /^[a-z][a-z-]{0,39}$/.test(first) ? first : undefined;
}

/** `{ runCli, saveCache }` of the CLI script at `file`, for the command line `argv`. */
export function loadCli(file, argv) {
  const require = createRequire(file);
  // With source maps on (NODE_OPTIONS=--enable-source-maps), Node's own loader, which applies them.
  if (process.sourceMapsEnabled) return { runCli: require(file).runCli, saveCache: () => undefined };
  const word = cacheWord(argv);
  const dir = join(dirname(file), '.cache');
  const { size, mtimeMs } = statSync(file);
  const cachePath = word && join(dir, `${word}-${size}-${Math.trunc(mtimeMs)}.v8`);
  const cachedData = cachePath ? readOrUndefined(cachePath) : undefined;
  const script = new vm.Script(
    `(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'utf8')}\n})`,
    { filename: file, cachedData },
  );
  const module = { exports: {} };
  script.runInThisContext()(module.exports, require, module, file, dirname(file));
  return {
    runCli: module.exports.runCli,
    /** after the command, with its exit code: a usage error (2) is not worth a cache */
    saveCache(exitCode) {
      if (!cachePath || exitCode === 2 || (cachedData && !script.cachedDataRejected)) return;
      try {
        mkdirSync(dir, { recursive: true });
        // caches of earlier builds (not this one's, which another process may have just written)
        for (const old of readdirSync(dir))
          if (old.startsWith(`${word}-`) && old.endsWith('.v8') && join(dir, old) !== cachePath)
            rmSync(join(dir, old), { force: true });
        // written aside, then renamed: a process starting meanwhile reads a whole cache or none
        const temp = `${cachePath}.${process.pid}`;
        writeFileSync(temp, script.createCachedData());
        renameSync(temp, cachePath);
      } catch {
        // a read-only install: no cache
      }
    },
  };
}

function readOrUndefined(path) {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}
