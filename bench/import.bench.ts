import { execFile } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { fixedClock, HOUR } from '../src/clock.ts';
import { openDb } from '../src/db/client.ts';
import { migrateDatabase } from '../src/db/migrate.ts';
import { fileSource, openDropListFile } from '../src/droplist/file-source.ts';
import { importDropList } from '../src/droplist/importer.ts';
import { parseDropLine } from '../src/droplist/row-parser.ts';
import { sandboxLines } from '../src/droplist/sandbox-source.ts';
import { type Figure, report } from './harness.ts';

// Drop-list import of a realistic 1 000 000-row list (the sandbox generator's names and times):
// into an empty database, then again over the full one with a tenth of the names gone, a tenth
// moved and a tenth new. Baseline, measured in the same run: the same file read by the same line
// reader and row parser, its rows inserted by one bare prepared statement into an unindexed table
// in one transaction. The measured part runs in a child process so that its peak RSS is the
// import's own, not that of generating the files.

const NOW = new Date('2026-12-01T06:00:00Z');
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);

interface Measured {
  baselineMs: number;
  emptyMs: number;
  replaceMs: number;
  /** CPU time (all threads) of each step: steadier than wall time on a shared machine */
  baselineCpuMs: number;
  emptyCpuMs: number;
  replaceCpuMs: number;
  replace: Record<string, number>;
  /** the same import into new databases, names scored and not (the quality score's share) */
  scoredMs: number;
  unscoredMs: number;
  peakRssMb: number;
}

async function writeLines(path: string, lines: AsyncIterable<string>): Promise<void> {
  const out = createWriteStream(path);
  let buffer = '';
  for await (const line of lines) {
    buffer += `${line}\n`;
    if (buffer.length > 1 << 16) {
      if (!out.write(buffer)) await new Promise((resolve) => out.once('drain', () => resolve(undefined)));
      buffer = '';
    }
  }
  await new Promise<void>((resolve, reject) => {
    out.once('error', reject);
    out.end(buffer, () => resolve());
  });
}

/**
 * The first list, and the next one: every 10th name gone, every 10th moved by an hour, 10% new.
 * The PostgreSQL bench imports the same two files, from `now` (its CLI runs on the real clock).
 */
export async function generate(
  dir: string,
  rows = ROWS,
  now = NOW,
): Promise<{ first: string; second: string }> {
  const first = join(dir, 'first.csv');
  const second = join(dir, 'second.csv');
  await writeLines(first, sandboxLines(1, rows, now));
  await writeLines(
    second,
    (async function* () {
      let i = 0;
      for await (const lines of await openDropListFile(first)) {
        for (const line of lines) {
          i++;
          if (i % 10 === 0) continue;
          if (i % 10 === 1 && i > 1) {
            const [fqdn, time] = line.split(';') as [string, string];
            const moved = new Date(Date.parse(`${time.replace(' ', 'T')}Z`) + HOUR);
            yield `${fqdn};${moved.toISOString().slice(0, 19).replace('T', ' ')}`;
          } else yield line;
        }
      }
      let j = 0;
      for await (const line of sandboxLines(2, rows / 10, now)) if (j++ > 0) yield `new${line}`;
    })(),
  );
  return { first, second };
}

/** The bare baseline: the same rows parsed and inserted by one prepared statement, unindexed. */
export async function baseline(dir: string, csv: string): Promise<number> {
  const t0 = performance.now();
  const conn = new Database(join(dir, 'baseline.db'));
  conn.pragma('journal_mode = WAL');
  conn.pragma('synchronous = NORMAL');
  conn.exec(`CREATE TABLE drop_domain (fqdn TEXT, label TEXT, zone TEXT, "dropAt" TEXT, length INTEGER,
    letters INTEGER, digits INTEGER, hyphens INTEGER, idn INTEGER, "importId" INTEGER)`);
  const insert = conn.prepare('INSERT INTO drop_domain VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  conn.exec('BEGIN');
  let first = true;
  for await (const lines of await openDropListFile(csv)) {
    for (const line of lines) {
      const parsed = parseDropLine(line, first);
      first = false;
      if (parsed.kind !== 'row') continue;
      const r = parsed.row;
      insert.run(
        r.fqdn,
        r.label,
        r.zone,
        `${r.dropAt.slice(0, 23)}+00:00`,
        r.length,
        r.letters,
        r.digits,
        r.hyphens,
        r.idn ? 1 : 0,
        1,
      );
    }
  }
  conn.exec('COMMIT');
  conn.close();
  return performance.now() - t0;
}

async function cpu<T>(fn: () => Promise<T>): Promise<{ cpuMs: number; result: T }> {
  const start = process.cpuUsage();
  const result = await fn();
  const used = process.cpuUsage(start);
  return { cpuMs: (used.user + used.system) / 1000, result };
}

/** The measured part (child process): baseline, import into an empty database, replace. */
async function measure(dir: string, first: string, second: string): Promise<Measured> {
  const base = await cpu(() => baseline(dir, first));
  const url = `file:${join(dir, 'bench.db')}`;
  await migrateDatabase(url);
  const db = await openDb(url);
  await db.prisma.dropImport.count(); // a running service has its client warm
  const deps = { db, clock: fixedClock(NOW) };
  const empty = await cpu(() => importDropList(deps, fileSource(first)));
  const replace = await cpu(() => importDropList(deps, fileSource(second)));
  await db.close();
  // The quality score's share: the same import into new databases with names scored and not,
  // alternating, twice each.
  const fresh = async (name: string, scorer?: () => number) => {
    const u = `file:${join(dir, `${name}.db`)}`;
    await migrateDatabase(u);
    const d = await openDb(u);
    await d.prisma.dropImport.count();
    const r = await importDropList(
      { db: d, clock: fixedClock(NOW), ...(scorer ? { scorer } : {}) },
      fileSource(first),
    );
    await d.close();
    return r.ms;
  };
  const unscored: number[] = [];
  const scored: number[] = [];
  for (let i = 0; i < 2; i++) {
    unscored.push(await fresh(`unscored-${i}`, () => 0));
    scored.push(await fresh(`scored-${i}`));
  }
  const { added, updated, removed, rejected, total } = replace.result;
  return {
    baselineMs: base.result,
    emptyMs: empty.result.ms,
    replaceMs: replace.result.ms,
    baselineCpuMs: base.cpuMs,
    emptyCpuMs: empty.cpuMs,
    replaceCpuMs: replace.cpuMs,
    replace: { added, updated, removed, rejected, total },
    scoredMs: Math.min(...scored),
    unscoredMs: Math.min(...unscored),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

function inChild(dir: string, first: string, second: string): Promise<Measured> {
  const self = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', self, dir, first, second],
      { maxBuffer: 1 << 20 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout) as Measured),
    );
  });
}

export default async function importBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-import-'));
  try {
    const { first, second } = await generate(dir);
    const m = await inChild(dir, first, second);
    const wall = {
      baseline: m.baselineMs,
      baselineName: 'bare INSERT, unindexed, 1 tx',
      target: '≤ 10000 ms, ≤ 2x',
    };
    const cpuTime = { baseline: m.baselineCpuMs, baselineName: 'the same, CPU' };
    const figures: Figure[] = [
      { name: `import ${ROWS} rows, empty database`, unit: 'ms', value: m.emptyMs, ...wall },
      { name: `import ${ROWS} rows over the full list`, unit: 'ms', value: m.replaceMs, ...wall },
      { name: 'the same, empty database', unit: 'CPU ms', value: m.emptyCpuMs, ...cpuTime },
      { name: 'the same, over the full list', unit: 'CPU ms', value: m.replaceCpuMs, ...cpuTime },
      {
        name: 'import, empty database, names scored (best of 2)',
        unit: 'ms',
        value: m.scoredMs,
        baseline: m.unscoredMs,
        baselineName: 'not scored, best of 2',
        target: '≤ 1.15x',
      },
    ];
    report('Drop-list import', figures);
    console.log(`\nreplace: ${JSON.stringify(m.replace)}`);
    console.log(`peak RSS of the measured process: ${m.peakRssMb.toFixed(0)} MB (target ≤ 500 MB)`);
    // Wall times on a shared 2-core machine follow its load; the CPU ratios much less so.
    console.log(`load average (1 min) at the end: ${loadavg()[0]!.toFixed(1)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [dir, first, second] = process.argv.slice(2) as [string, string, string];
  process.stdout.write(JSON.stringify(await measure(dir, first, second)));
}
