import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixedClock, HOUR, MINUTE } from '../src/clock.ts';
import { openDb } from '../src/db/client.ts';
import { migrateDatabase } from '../src/db/migrate.ts';
import { fileSource } from '../src/droplist/file-source.ts';
import { importDropList } from '../src/droplist/importer.ts';
import type { SearchQueryInput, SearchResult } from '../src/search/query.ts';
import { createSearch, type SearchState } from '../src/search/search.ts';
import { type Instance, type Recorded, startInstance } from '../test/scale/instance.ts';
import { type DropRow, generateRows } from '../test/search/fixtures.ts';
import { type Figure, median, percentile, report, time } from './harness.ts';
import { admin, pgDatabase, ROWS } from './pg-databases.ts';
import { MIX } from './search.bench.ts';

// Search on PostgreSQL as the service answers it: instances of the service, each a process of its
// own keeping the memory index (test/scale/instance.ts, composed as app/main.ts), timed inside the
// instance around core.search.search (version check included, IPC excluded). Beside, measured in
// the same run: SQLite's memory index (in this process) and PostgreSQL's plain SQL (what answers
// while an index builds; no search indexes, as on SQLite). Then the same across an import: the first query on
// one instance after another's import and how long it answered from SQL, and three instances
// searching while one of them imports (every answer from the old list or the new one, never a mix).

const NOW = new Date('2026-06-02T00:00:00.000Z');
const REPS = 10;
const PAUSE_MS = 10;

type Answer = string;
const answerOf = (r: SearchResult): Answer => JSON.stringify([r.total, r.items.map((i) => i.fqdn)]);

/** The list as a CSV file; `variant` k drops every 10th name from the k-th, moves the next by an hour and adds as many new. */
function writeList(path: string, rows: DropRow[], variant?: number): void {
  const line = (fqdn: string, at: Date) => `${fqdn};${at.toISOString().slice(0, 19).replace('T', ' ')}`;
  const lines = ['domain;drop_date'];
  rows.forEach((r, i) => {
    if (variant === undefined) lines.push(line(r.fqdn, r.dropAt));
    else if (i % 10 === variant) lines.push(line(`n${variant}${r.fqdn}`, r.dropAt));
    else if (i % 10 === (variant + 1) % 10) lines.push(line(r.fqdn, new Date(r.dropAt.getTime() + HOUR)));
    else lines.push(line(r.fqdn, r.dropAt));
  });
  writeFileSync(path, `${lines.join('\n')}\n`);
}

/** In-instance ms of the mix, each query once untimed, then REPS times. */
async function mixOn(i: Instance): Promise<number[]> {
  const ms: number[] = [];
  for (const query of MIX) {
    await i.call({ cmd: 'search', query });
    for (let k = 0; k < REPS; k++) ms.push((await i.timed({ cmd: 'search', query })).ms);
  }
  return ms;
}

async function answersOf(search: (q: SearchQueryInput) => Promise<SearchResult>): Promise<Answer[]> {
  const out: Answer[] = [];
  for (const q of MIX) out.push(answerOf(await search(q)));
  return out;
}

const stateOf = (i: Instance) => i.call<SearchState>({ cmd: 'searchState' });

/** Polls until every instance answers from the memory index of a version other than `not`. */
async function settled(instances: Instance[], not?: string): Promise<SearchState[]> {
  for (;;) {
    const states = await Promise.all(instances.map(stateOf));
    if (states.every((s) => s.backend === 'memory' && s.version !== not)) return states;
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function searchSection(dir: string): Promise<void> {
  const rows = generateRows(ROWS, { seed: 7, from: new Date(NOW.getTime() + MINUTE), days: 5 });
  const files = ['list1.csv', 'list2.csv', 'list3.csv'].map((f) => join(dir, f));
  writeList(files[0]!, rows);
  writeList(files[1]!, rows, 0);
  writeList(files[2]!, rows, 5);
  rows.length = 0;

  const clock = fixedClock(NOW);
  const sqliteUrl = `file:${join(dir, 'search.db')}`;
  await migrateDatabase(sqliteUrl);
  const sqlite = await openDb(sqliteUrl);
  const server = await pgDatabase('search');
  const pgDb = await openDb(server.url);
  const sent: Recorded[] = [];
  const instances: Instance[] = [];
  const start = async (name: string) => {
    const i = await startInstance(name, { DATABASE_URL: server.url, START_AT: NOW.toISOString() }, sent);
    instances.push(i);
    return i;
  };
  try {
    await importDropList({ db: sqlite, clock }, fileSource(files[0]!));
    const memory = createSearch({ db: sqlite, clock });
    await memory.warm();
    const memWall: number[] = [];
    for (const q of MIX) {
      await memory.search(q);
      for (let k = 0; k < REPS; k++) memWall.push((await time(() => memory.search(q))).ms);
    }

    const [a, b] = [await start('A'), await start('B')];
    const imported = await a.timed({ cmd: 'import', file: files[0]! });
    await admin((c) => c.query('ANALYZE "DropDomain"'), server.url);
    const warmed = await Promise.all([a, b].map((i) => i.timed({ cmd: 'warmSearch' })));
    const sql = createSearch({ db: pgDb, clock });
    const want = await answersOf((q) => memory.search(q));
    for (const [name, search] of [
      ['A', (q: SearchQueryInput) => a.call<SearchResult>({ cmd: 'search', query: q })],
      ['B', (q: SearchQueryInput) => b.call<SearchResult>({ cmd: 'search', query: q })],
      ['PostgreSQL SQL', (q: SearchQueryInput) => sql.search(q)],
    ] as const) {
      if (JSON.stringify(await answersOf(search)) !== JSON.stringify(want))
        throw new Error(`${name} answers the mix differently from SQLite's memory index`);
    }
    const sqlWall: number[] = [];
    for (const q of MIX) {
      await sql.search(q);
      for (let k = 0; k < REPS; k++) sqlWall.push((await time(() => sql.search(q))).ms);
    }
    const onA = await mixOn(a);
    const onB = await mixOn(b);

    // A imports the next list while B's state is watched: memory (old) → [SQL] → memory (new).
    const before = await stateOf(b);
    const seen: Array<{ at: number; state: SearchState }> = [];
    let importing = true;
    const watching = (async () => {
      while (importing) {
        seen.push({ at: performance.now(), state: await stateOf(b) });
        await new Promise((r) => setTimeout(r, PAUSE_MS));
      }
    })();
    const t0 = performance.now();
    await a.call({ cmd: 'import', file: files[1]! });
    const importedAt = performance.now();
    const first = await b.timed<SearchResult>({ cmd: 'search', query: MIX[0]! });
    const firstState = await stateOf(b);
    importing = false;
    await watching;
    const newAt = seen.find((s) => s.state.backend === 'memory' && s.state.version !== before.version)?.at;
    const onSql = seen.filter((s) => s.state.backend === 'sql').map((s) => s.at);
    const [after] = await settled([b], before.version);
    const settledAt = performance.now();
    const afterImport = [first.ms, ...(await mixOn(b))];

    // Three instances search while C imports; every answer is the old list's or the new one's.
    const c = await start('C');
    await c.call({ cmd: 'warmSearch' });
    const three = [a, b, c];
    const oldStates = await settled(three);
    const old = await answersOf((q) => a.call<SearchResult>({ cmd: 'search', query: q }));
    let running = true;
    const during = three.map(() => [] as Array<{ q: number; ms: number; answer: Answer }>);
    const loops = three.map(async (i, n) => {
      for (let k = n; running; k++) {
        const q = k % MIX.length;
        const r = await i.timed<SearchResult>({ cmd: 'search', query: MIX[q]! });
        during[n]!.push({ q, ms: r.ms, answer: answerOf(r.value) });
        await new Promise((r) => setTimeout(r, PAUSE_MS));
      }
    });
    const importC = await time(() => c.call({ cmd: 'import', file: files[2]! }));
    running = false;
    await Promise.all(loops);
    await settled(three, oldStates[0]!.version);
    const fresh = await answersOf((q) => a.call<SearchResult>({ cmd: 'search', query: q }));
    const mixed = during.flat().filter((d) => d.answer !== old[d.q] && d.answer !== fresh[d.q]);
    if (mixed.length) throw new Error(`${mixed.length} answers during the import were neither list's`);

    const vsMemory = (name: string, wall: number[], targets: [string, string]): Figure[] => [
      {
        name,
        unit: 'p95 ms',
        value: percentile(wall, 95),
        baseline: percentile(memWall, 95),
        baselineName: 'SQLite memory',
        target: targets[0],
      },
      {
        name,
        unit: 'median ms',
        value: median(wall),
        baseline: median(memWall),
        baselineName: 'SQLite memory',
        target: targets[1],
      },
    ];
    const figures: Figure[] = [
      ...vsMemory('instance A, memory index', onA, ['≤ 20', '≤ 5']),
      ...vsMemory('instance B, memory index', onB, ['≤ 20', '≤ 5']),
      ...vsMemory("instance B after A's import (first query included)", afterImport, ['≤ 20', '≤ 5']),
      ...three.flatMap((i, n) =>
        vsMemory(
          `instance ${i.name} while C imports`,
          during[n]!.map((d) => d.ms),
          ['≤ 50', ''],
        ),
      ),
      ...vsMemory('PostgreSQL SQL, the fallback', sqlWall, ['', '']),
    ];
    report(`PostgreSQL: search, ${after!.rows} names, ${MIX.length} queries × ${REPS} per instance`, figures);
    const ms = (v: number | undefined) => (v === undefined ? 'never' : `${Math.round(v)} ms`);
    console.log(
      `\nimport of ${ROWS} names on A (in-process there): ${Math.round(imported.ms)} ms; index build (COPY TO + build) A ${Math.round(warmed[0]!.ms)} ms, B ${Math.round(warmed[1]!.ms)} ms`,
    );
    console.log(
      `B during A's second import (${Math.round(importedAt - t0)} ms): the new list's index answered from ${ms(newAt === undefined ? undefined : newAt - t0)} into it; ` +
        `SQL answered for ${onSql.length ? ms(onSql[onSql.length - 1]! - onSql[0]!) : '0 ms'} (${onSql.length} of ${seen.length} state checks); ` +
        `first query after the import: ${first.ms.toFixed(1)} ms from ${firstState.backend}; ` +
        `refresh delay after the import returned: ${ms(Math.max(0, (newAt ?? settledAt) - importedAt))}`,
    );
    console.log(
      `three instances while C imports (${Math.round(importC.ms)} ms): ${during.map((d, n) => `${three[n]!.name} ${d.length} answers`).join(', ')}, none from a mix of the two lists`,
    );
    console.log('\nper query, median ms (A / B / SQLite memory / PostgreSQL SQL):');
    const per = (list: number[], i: number) => median(list.slice(i * REPS, (i + 1) * REPS));
    MIX.forEach((q, i) => {
      const cells = [onA, onB, memWall, sqlWall].map((l) => per(l, i));
      console.log(`  ${cells.map((v) => v.toFixed(2).padStart(8)).join(' ')}  ${JSON.stringify(q)}`);
    });
  } finally {
    for (const i of instances) await i.call({ cmd: 'close' }).catch(() => {});
    await sqlite.close();
    await pgDb.close();
    await server.drop();
  }
}
