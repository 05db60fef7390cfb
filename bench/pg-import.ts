import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { domainToUnicode, fileURLToPath } from 'node:url';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { fixedClock, HOUR } from '../src/clock.ts';
import type { Db } from '../src/db/client.ts';
import { fileSource } from '../src/droplist/file-source.ts';
import { importDropList } from '../src/droplist/importer.ts';
import { type Figure, median, report, time } from './harness.ts';
import { generate } from './import.bench.ts';
import { cpu, pgDatabase, ROWS, twoDatabases } from './pg-databases.ts';

// The drop-list import on PostgreSQL as the user runs it, `backorder droplist import --file …` in a
// process of its own (start-up included), into an empty database and then over the full list,
// beside the baseline: a plain script of its own, sharing no code with the importer, that reads
// the same file into the stored columns and COPYs them into an unindexed table. The in-process
// import and SQLite's are shown beside the same baseline. The baseline and the two CLI imports run
// BENCH_PG_IMPORT_RUNS times (3 by default), one after the other in each round, each into a new
// database: the figures are their medians (one run of each differed by up to 40 % from the next).

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.BENCH_PG_IMPORT_RUNS ?? 3);
const COUNTS = ['added', 'updated', 'removed', 'rejected', 'total'] as const;
type Counts = Record<(typeof COUNTS)[number], number>;

/** A row as the table stores it, read the obvious way (the file is known to be good). */
function storedRow(line: string): string | undefined {
  const semi = line.indexOf(';');
  const fqdn = line.slice(0, semi).trim().toLowerCase();
  const dot = fqdn.indexOf('.');
  if (semi < 0 || dot < 0) return undefined; // the header
  const label = fqdn.slice(0, dot);
  const idn = label.startsWith('xn--');
  let [length, letters, digits, hyphens] = [0, 0, 0, 0];
  for (const ch of idn ? domainToUnicode(label) : label) {
    length++;
    if (ch >= '0' && ch <= '9') digits++;
    else if (ch === '-') hyphens++;
    else if (!idn || /\p{L}/u.test(ch)) letters++;
  }
  const at = `${line.slice(semi + 1, semi + 11)}T${line.slice(semi + 12, semi + 20)}.000Z`;
  return `${fqdn}\t${label}\t${fqdn.slice(dot + 1)}\t${at}\t${length}\t${letters}\t${digits}\t${hyphens}\t${idn}\t1\n`;
}

async function copyBaseline(url: string, file: string): Promise<{ ms: number; rows: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE TABLE baseline (fqdn text, label text, zone text, "dropAt" timestamp(3),
      length int, letters int, digits int, hyphens int, idn boolean, "importId" int)`);
    const { ms } = await time(async () => {
      const chunks = async function* () {
        let chunk = '';
        for await (const line of createInterface({ input: createReadStream(file) })) {
          chunk += storedRow(line) ?? '';
          if (chunk.length > 1 << 16) {
            yield chunk;
            chunk = '';
          }
        }
        yield chunk;
      };
      await pipeline(Readable.from(chunks()), client.query(copyFrom('COPY baseline FROM STDIN')));
    });
    const rows = (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM baseline')).rows[0]!.n;
    return { ms, rows };
  } finally {
    await client.end();
  }
}

/**
 * `backorder droplist import --file FILE --json` against `url`: wall time, the counts it printed
 * and the import's own time as it printed it (the rest is start-up, the post-import hooks and exit).
 */
interface CliRun {
  ms: number;
  counts: Counts;
  importMs: number;
}

function cliImport(url: string, file: string): Promise<CliRun> {
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    ['bin/backorder.js', 'droplist', 'import', '--file', file, '--json'],
    {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'error' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      const ms = performance.now() - t0;
      if (code !== 0) reject(new Error(`the CLI import exited ${code}: ${out}`));
      else {
        const printed = JSON.parse(out) as Counts & { ms: number };
        resolve({ ms, counts: printed, importMs: printed.ms });
      }
    });
  });
}

const pick = (r: Counts): Counts => Object.fromEntries(COUNTS.map((k) => [k, r[k]])) as Counts;

export async function importSection(dir: string): Promise<void> {
  // The CLI runs on the real clock: the list starts an hour from now, so none of it is past yet.
  const now = new Date(Math.ceil(Date.now() / HOUR) * HOUR + HOUR);
  const { first, second } = await generate(dir, ROWS, now);
  const rounds: Array<{ baseline: { ms: number; rows: number }; empty: CliRun; full: CliRun }> = [];
  for (let k = 0; k < RUNS; k++) {
    const base = await pgDatabase('import_baseline', { migrate: false });
    const viaCli = await pgDatabase('import_cli');
    try {
      const baseline = await copyBaseline(base.url, first);
      const empty = await cliImport(viaCli.url, first);
      rounds.push({ baseline, empty, full: await cliImport(viaCli.url, second) });
    } finally {
      await viaCli.drop();
      await base.drop();
    }
  }
  const mid = (of: (r: (typeof rounds)[number]) => number) => median(rounds.map(of));
  const baseline = { ms: mid((r) => r.baseline.ms), rows: rounds[0]!.baseline.rows };
  const cliMedian = (key: 'empty' | 'full') => ({
    ms: mid((r) => r[key].ms),
    importMs: mid((r) => r[key].importMs),
    counts: rounds[0]![key].counts,
  });
  const cliEmpty = cliMedian('empty');
  const cliFull = cliMedian('full');
  const dbs = await twoDatabases(dir, 'import');
  try {
    const clock = fixedClock(now);
    const run = async (db: Db) => ({
      empty: await cpu(() => importDropList({ db, clock }, fileSource(first))),
      full: await cpu(() => importDropList({ db, clock }, fileSource(second))),
    });
    const p = await run(dbs.pg);
    const s = await run(dbs.sqlite);
    const replaced = [cliFull.counts, p.full.result, s.full.result].map((c) => JSON.stringify(pick(c)));
    if (new Set(replaced).size !== 1) throw new Error(`the imports over the full list differ: ${replaced}`);
    if (cliEmpty.counts.total !== baseline.rows)
      throw new Error(`the baseline stored ${baseline.rows} rows, the import ${cliEmpty.counts.total}`);

    const against = { baseline: baseline.ms, baselineName: 'COPY baseline' };
    const target = '≤ 10000 ms, ≤ 5x';
    const figures: Figure[] = [
      {
        name: `CLI import, ${ROWS} rows, empty database (median of ${RUNS})`,
        unit: 'ms',
        value: cliEmpty.ms,
        ...against,
        target,
      },
      {
        name: `CLI import, ${ROWS} rows over the full list (median of ${RUNS})`,
        unit: 'ms',
        value: cliFull.ms,
        ...against,
        target,
      },
      { name: 'in-process import, empty database', unit: 'ms', value: p.empty.ms, ...against },
      { name: 'in-process import, over the full list', unit: 'ms', value: p.full.ms, ...against },
      { name: 'SQLite in-process import, empty database', unit: 'ms', value: s.empty.ms, ...against },
      { name: 'SQLite in-process import, over the full list', unit: 'ms', value: s.full.ms, ...against },
      {
        name: 'in-process import, empty database',
        unit: 'CPU ms (Node)',
        value: p.empty.cpuMs,
        baseline: s.empty.cpuMs,
        baselineName: 'SQLite',
      },
    ];
    report('PostgreSQL: drop-list import', figures);
    console.log(`\nover the full list (CLI, in-process, SQLite alike): ${replaced[0]}`);
    const rest = (r: { ms: number; importMs: number }) => `${Math.round(r.ms - r.importMs)} ms`;
    console.log(
      `the CLI's import itself (as it printed): ${cliEmpty.importMs} and ${cliFull.importMs} ms; start-up, hooks and exit: ${rest(cliEmpty)} and ${rest(cliFull)}`,
    );
    console.log("CPU ms count this (Node) process only: PostgreSQL's own work runs in its server processes");
    const runs = (pick: (r: (typeof rounds)[number]) => number) =>
      rounds.map((r) => Math.round(pick(r))).join(', ');
    console.log(
      `runs (ms): baseline ${runs((r) => r.baseline.ms)}; CLI empty ${runs((r) => r.empty.ms)}; CLI over the full list ${runs((r) => r.full.ms)}`,
    );
  } finally {
    await dbs.drop();
  }
}
