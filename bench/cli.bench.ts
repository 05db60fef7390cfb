import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Figure, median, report } from './harness.ts';
import { baseline, generate } from './import.bench.ts';
import { seed } from './lifecycle.bench.ts';

// What a user runs, start-up included: `backorder` commands as child processes of the compiled
// build, `npm start` to its first 200 /healthz, and the idle service's RSS. Baselines measured in
// the same run: `node -e ""` for process start, the bare parse-and-insert for the import. Medians
// of RUNS runs. Needs dist/ (npm install or npm run build).

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin/backorder.js');
const MAIN = join(ROOT, 'dist/main.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);

function run(args: string[], env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    execFile(process.execPath, args, { env: { ...process.env, ...env }, maxBuffer: 1 << 26 }, (error) =>
      error ? reject(error) : resolve(performance.now() - t0),
    );
  });
}

async function medianOf(args: string[], env: Record<string, string> = {}): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) ms.push(await run(args, env));
  return median(ms);
}

/** `npm start`'s process until /healthz answers 200, then its RSS once idle; stopped after. */
async function service(databaseUrl: string): Promise<{ readyMs: number; rssMb: number }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--enable-source-maps', MAIN], {
    env: { ...process.env, DATABASE_URL: databaseUrl, HTTP_PORT: '0', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (b: Buffer) => {
    out += b.toString();
  });
  try {
    let port: number | undefined;
    for (;;) {
      port ??= Number(/listening on http:\/\/[\d.]+:(\d+)/.exec(out)?.[1]) || undefined;
      if (port) {
        const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
          (r) => r.status === 200,
          () => false,
        );
        if (ok) break;
      }
      if (child.exitCode !== null) throw new Error(`the service exited:\n${out}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const readyMs = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 10_000)); // start-up work done, timers settled
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const rssMb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]) / 1024;
    return { readyMs, rssMb };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

export default async function cliBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'backorder-cli-bench-'));
  try {
    const small = `file:${join(dir, 'small.db')}`;
    const large = `file:${join(dir, 'large.db')}`;
    await run([BIN, 'droplist', 'import'], { DATABASE_URL: small, SANDBOX_DROPLIST_SIZE: '100000' });
    seed(join(dir, 'small.db'), 10_000);
    const { first, second } = await generate(dir, ROWS);

    const bare = await medianOf(['-e', '']);
    const base = await baseline(dir, first);
    const onSmall = { DATABASE_URL: small };
    const emptyMs = await run([BIN, 'droplist', 'import', '--file', first], { DATABASE_URL: large });
    const fullMs = await run([BIN, 'droplist', 'import', '--file', second], { DATABASE_URL: large });
    const start = bare;
    // a command's first run has no code cache yet (bin/load-cli.js): it compiles, then writes one
    rmSync(join(ROOT, 'dist', '.cache'), { recursive: true, force: true });
    const uncached = await run([BIN, 'pricing', 'list'], onSmall);
    const figures: Figure[] = [
      {
        name: 'backorder --help',
        unit: 'median ms',
        value: await medianOf([BIN, '--help']),
        baseline: start,
        baselineName: 'node -e ""',
        target: '≤ 250 ms',
      },
      {
        name: 'pricing list (100k names, 10k backorders)',
        unit: 'median ms',
        value: await medianOf([BIN, 'pricing', 'list'], onSmall),
        baseline: start,
        baselineName: 'node -e ""',
        target: '≤ 500 ms',
      },
      {
        name: 'pricing list, its first run (no code cache yet)',
        unit: 'ms, one run',
        value: uncached,
        baseline: start,
        baselineName: 'node -e ""',
      },
      {
        name: 'backorder list --json',
        unit: 'median ms',
        value: await medianOf([BIN, 'backorder', 'list', '--json'], onSmall),
        baseline: start,
        baselineName: 'node -e ""',
        target: '≤ 500 ms',
      },
      {
        name: 'jobs',
        unit: 'median ms',
        value: await medianOf([BIN, 'jobs'], onSmall),
        baseline: start,
        baselineName: 'node -e ""',
        target: '≤ 500 ms',
      },
      {
        name: `search shop (${ROWS} names)`,
        unit: 'median ms',
        value: await medianOf([BIN, 'search', 'shop'], { DATABASE_URL: large }),
        baseline: start,
        baselineName: 'node -e ""',
        target: '≤ 700 ms',
      },
      {
        name: `droplist import --file, ${ROWS} rows, empty database`,
        unit: 'ms',
        value: emptyMs,
        baseline: base,
        baselineName: 'bare insert',
        target: '≤ 2x and ≤ 10 s',
      },
      {
        name: `droplist import --file, ${ROWS} rows, over the full list`,
        unit: 'ms',
        value: fullMs,
        baseline: base,
        baselineName: 'bare insert',
        target: '≤ 2x and ≤ 10 s',
      },
    ];
    const smallService = await service(small);
    const largeService = await service(large);
    figures.push(
      {
        name: 'npm start to 200 /healthz (list imported)',
        unit: 'ms',
        value: smallService.readyMs,
        baseline: start,
        baselineName: 'node -e ""',
        target: '≤ 2000 ms',
      },
      {
        name: 'idle RSS, 100k names',
        unit: 'MB',
        value: smallService.rssMb,
        baseline: 200,
        baselineName: 'target',
        target: '≤ 200 MB',
      },
      {
        name: `idle RSS, ${ROWS} names`,
        unit: 'MB',
        value: largeService.rssMb,
        baseline: 350,
        baselineName: 'target',
        target: '≤ 350 MB',
      },
    );
    report(`CLI and service as users run them (load ${loadavg()[0]!.toFixed(2)})`, figures);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
