import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixedClock, MINUTE } from '../src/clock.ts';
import { openDb } from '../src/db/client.ts';
import { migrateDatabase } from '../src/db/migrate.ts';
import { importDropList } from '../src/droplist/importer.ts';
import { parseSearchQuery, type SearchIndex, type SearchQueryInput } from '../src/search/query.ts';
import { createSearch } from '../src/search/search.ts';
import { createSqlIndex } from '../src/search/sql-index.ts';
import { generateRows } from '../test/search/fixtures.ts';
import { type Figure, median, percentile, report, time } from './harness.ts';

// Search over a 1 000 000-name drop list, imported by the real importer: a fixed mix of 20 queries
// through the service (validation, freshness check, memory index), beside the same queries as a
// plain full scan in SQL (the naive baseline) and as the SQL the service falls back to.

const ROWS = 1_000_000;
const NOW = new Date('2026-06-02T00:00:00.000Z');
const REPS = 15;
const BASELINE_REPS = 3;

/** The fixed mix of 20 realistic queries; the PostgreSQL bench runs it too. */
export const MIX: SearchQueryInput[] = [
  { keyword: 'car' },
  { keyword: 'shop', zones: ['com'] },
  { keyword: 'dental' },
  { keyword: 'bestcar' },
  { keyword: 'greenhou' },
  { keyword: 'web', sort: 'length' },
  { keyword: 'cloud*' },
  { keyword: '*tech' },
  { keyword: 'smart', zones: ['com', 'net', 'org'], maxLength: 12 },
  { keyword: 'game', excludeIdn: true, noHyphens: true, sort: 'hyphens', order: 'desc' },
  { maxLength: 3 },
  { maxLength: 4, noDigits: true, noHyphens: true, sort: 'length' },
  { digitsOnly: true, maxLength: 5 },
  { maxLength: 5, noDigits: true, noHyphens: true, sort: 'length', order: 'desc', pageSize: 50 },
  { zones: ['de'], from: '2026-06-03', to: '2026-06-03' },
  { zones: ['io', 'co'], from: '2026-06-04', sort: 'fqdn' },
  { zones: ['com'], to: '2026-06-02', maxLength: 6 },
  { zones: ['net'], sort: 'fqdn', page: 2, pageSize: 100 },
  { sort: 'dropAt', order: 'desc' },
  { zones: ['com'], from: '2026-06-03T06:00:00Z', to: '2026-06-03T12:00:00Z', sort: 'dropAt' },
];

/** Queries on the quality score: a minimum, best first, and both with other filters. */
export const SCORE_MIX: SearchQueryInput[] = [
  { minScore: 60 },
  { sort: 'score', order: 'desc' },
  { keyword: 'shop', sort: 'score', order: 'desc' },
  { zones: ['com'], minScore: 70, sort: 'score', order: 'desc' },
  { maxLength: 6, minScore: 50, sort: 'dropAt' },
  { keyword: 'car', minScore: 40 },
  { zones: ['de', 'net'], minScore: 30, sort: 'score', order: 'desc', pageSize: 50 },
  { minScore: 90, sort: 'score' },
];

/**
 * Wall-clock ms per query, and CPU ms (this process's user + system time): on a shared machine the
 * wall clock also counts the time spent waiting for a core, the CPU time does not.
 */
async function timings(
  run: (q: SearchQueryInput) => Promise<unknown>,
  reps: number,
  queries = MIX,
): Promise<{ wall: number[]; cpu: number[] }> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (const q of queries) {
    await run(q);
    for (let i = 0; i < reps; i++) {
      const c0 = process.cpuUsage();
      wall.push((await time(() => run(q))).ms);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
    }
  }
  return { wall, cpu };
}

export default async function searchBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'backorder-bench-search-'));
  const url = `file:${join(dir, 'bench.db')}`;
  try {
    await migrateDatabase(url);
    const db = await openDb(url);
    const clock = fixedClock(NOW);
    const rows = generateRows(ROWS, { seed: 7, from: new Date(NOW.getTime() + MINUTE), days: 5 });
    const imported = await time(() =>
      importDropList(
        { db, clock },
        {
          name: 'bench list',
          open: async () =>
            (async function* () {
              for (const r of rows)
                yield [`${r.fqdn};${r.dropAt.toISOString().slice(0, 19).replace('T', ' ')}`];
            })(),
        },
      ),
    );
    rows.length = 0;

    const search = createSearch({ db, clock });
    const buffersBefore = process.memoryUsage().arrayBuffers;
    const built = await time(() => search.warm());
    const state = await search.state();
    if (state.backend !== 'memory') throw new Error('the memory index did not build');
    // The index is typed arrays and one Buffer: what it holds shows as ArrayBuffer memory.
    const indexBytes = process.memoryUsage().arrayBuffers - buffersBefore;

    const plain = createSqlIndex(db);
    const fullScan = createSqlIndex(db, { fullScan: true });
    const via = (index: SearchIndex) => (q: SearchQueryInput) => index.search(parseSearchQuery(q), NOW);
    // Same answers from every path, or the timings mean nothing.
    for (const q of [...MIX, ...SCORE_MIX]) {
      const [a, b] = [await search.search(q), await via(fullScan)(q)];
      if (JSON.stringify(a) !== JSON.stringify(b))
        throw new Error(`memory and SQL differ on ${JSON.stringify(q)}`);
    }

    const memory = await timings((q) => search.search(q), REPS);
    const scan = await timings(via(fullScan), BASELINE_REPS);
    const sql = await timings(via(plain), BASELINE_REPS);
    const scored = await timings((q) => search.search(q), REPS, SCORE_MIX);
    const scoredScan = await timings(via(fullScan), BASELINE_REPS, SCORE_MIX);
    const scanName = 'SQL full scan';
    const figures: Figure[] = [
      {
        name: 'query, memory index',
        unit: 'median ms',
        value: median(memory.wall),
        baseline: median(scan.wall),
        baselineName: scanName,
        target: '≤ 5',
      },
      {
        name: 'query, memory index',
        unit: 'p95 ms',
        value: percentile(memory.wall, 95),
        baseline: percentile(scan.wall, 95),
        baselineName: scanName,
        target: '≤ 20',
      },
      {
        name: 'query, memory index',
        unit: 'median CPU ms',
        value: median(memory.cpu),
        baseline: median(scan.cpu),
        baselineName: scanName,
      },
      {
        name: 'query, memory index',
        unit: 'p95 CPU ms',
        value: percentile(memory.cpu, 95),
        baseline: percentile(scan.cpu, 95),
        baselineName: scanName,
      },
      {
        name: 'query, SQL fallback',
        unit: 'median ms',
        value: median(sql.wall),
        baseline: median(scan.wall),
        baselineName: scanName,
      },
      {
        name: 'query, SQL fallback',
        unit: 'p95 ms',
        value: percentile(sql.wall, 95),
        baseline: percentile(scan.wall, 95),
        baselineName: scanName,
      },
      {
        name: `score queries (${SCORE_MIX.length}), memory index`,
        unit: 'median ms',
        value: median(scored.wall),
        baseline: median(scoredScan.wall),
        baselineName: scanName,
        target: '≤ 5',
      },
      {
        name: `score queries (${SCORE_MIX.length}), memory index`,
        unit: 'p95 ms',
        value: percentile(scored.wall, 95),
        baseline: percentile(scoredScan.wall, 95),
        baselineName: scanName,
        target: '≤ 20',
      },
      {
        name: 'index build (load + build)',
        unit: 'ms',
        value: built.ms,
        baseline: imported.ms,
        baselineName: 'import',
      },
    ];
    report(
      `search: ${state.rows} names, ${MIX.length} queries × ${REPS} (baselines × ${BASELINE_REPS})`,
      figures,
    );
    const per = (list: number[], reps: number, i: number) => median(list.slice(i * reps, (i + 1) * reps));
    console.log('\nper query, median ms (memory wall / memory CPU / SQL full scan / SQL fallback):');
    MIX.forEach((q, i) => {
      const cells = [
        per(memory.wall, REPS, i),
        per(memory.cpu, REPS, i),
        per(scan.wall, BASELINE_REPS, i),
        per(sql.wall, BASELINE_REPS, i),
      ];
      console.log(
        `  ${cells.map((v) => v.toFixed(v < 100 ? 2 : 0).padStart(8)).join(' ')}  ${JSON.stringify(q)}`,
      );
    });
    console.log(`memory index: ${Math.round(indexBytes / 1e6)} MB of typed arrays`);
    await db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
