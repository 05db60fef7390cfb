import { writeLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/client.ts';
import { DomainError, isDomainError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { scoreLabel } from '../score/score.ts';
import { commonWords } from '../score/words.ts';
import { zoneBonuses } from '../score/zones.ts';
import { slicer } from '../search/yield.ts';
import { type DropRow, parseDropLine } from './row-parser.ts';
import type { DropListSource } from './source.ts';
import { createDropStore, type DropStore, type Staging } from './store.ts';

// One import: stream the source through the row parser into the store's staging area, refuse the
// list if it is unusable, else swap it in. The previous list stays as it was on every failure.

export const IMPORT_JOB = 'droplist-import';
const BATCH = 2000;
const SAMPLES = 10;

export interface RejectedRow {
  line: number;
  reason: string;
}

export interface ImportResult {
  importId: number;
  source: string;
  /** names new to the list */
  added: number;
  /** names whose drop time changed */
  updated: number;
  /** names no longer listed, past drops included */
  removed: number;
  /** bad rows (garbage, invalid name or time) and repeated names */
  rejected: number;
  /** names in the list afterwards */
  total: number;
  /** well-formed rows whose drop time has already passed (not stored) */
  past: number;
  ms: number;
  /** the first few rejected rows */
  rejectedRows: RejectedRow[];
}

export interface ImportDeps {
  db: Db;
  clock: Clock;
  log?: Logger;
  /** defaults to the store for the database's kind */
  store?: DropStore;
  /** how a name is scored; defaults to the quality score with the zone bonuses of now (src/score) */
  scorer?: (label: string, zone: string) => number;
}

interface Tally {
  rows: number;
  past: number;
  rejected: number;
  rejectedRows: RejectedRow[];
}

const failed = (message: string) => new DomainError('IMPORT_FAILED', message);

async function stageLines(
  batches: AsyncIterable<string[]>,
  staging: Staging,
  now: string,
  scoreOf: (row: DropRow) => number,
): Promise<Tally> {
  const tally: Tally = { rows: 0, past: 0, rejected: 0, rejectedRows: [] };
  let batch: DropRow[] = [];
  let lineNo = 0;
  const turn = slicer();
  for await (const lines of batches) {
    for (const line of lines) {
      lineNo++;
      const parsed = parseDropLine(line, lineNo === 1);
      if (parsed.kind === 'skip') continue;
      if (parsed.kind === 'reject') {
        tally.rejected++;
        if (tally.rejectedRows.length < SAMPLES)
          tally.rejectedRows.push({ line: lineNo, reason: parsed.reason });
        continue;
      }
      tally.rows++;
      // Past drops are valid rows but no longer of use: the swap removes them from the list.
      if (parsed.row.dropAt <= now) {
        tally.past++;
        continue;
      }
      parsed.row.score = scoreOf(parsed.row);
      batch.push(parsed.row);
      if (batch.length === BATCH) {
        await staging.write(batch);
        batch = [];
        // Lines come from the stream's buffer without a turn of the event loop between them: the
        // service's searches and bots get one every few milliseconds.
        await turn();
      }
    }
  }
  if (batch.length) await staging.write(batch);
  return tally;
}

/** Scores with the zone bonuses of now: a later change of them applies from the next import. */
async function qualityScorer(db: Db): Promise<(label: string, zone: string) => number> {
  const bonuses = await zoneBonuses(db.prisma);
  // held for the import's length (see commonWords)
  const dictionary = commonWords();
  return (label, zone) => scoreLabel(label, bonuses.get(zone) ?? 0, false, dictionary).score;
}

/** Refuses a list that would wipe or corrupt the stored one rather than update it. */
function check(tally: Tally): void {
  const seen = tally.rows + tally.rejected;
  if (seen === 0) throw failed('the list is empty');
  if (tally.rejected * 2 > seen) {
    const first = tally.rejectedRows[0];
    throw failed(
      `${tally.rejected} of ${seen} rows are bad (more than half): not a drop list?` +
        (first ? ` First bad row, line ${first.line}: ${first.reason}` : ''),
    );
  }
  if (tally.rows === tally.past)
    throw failed(`none of the ${tally.rows} names drops in the future: the list is out of date`);
}

function summary(r: ImportResult): string {
  const samples = r.rejectedRows.slice(0, 3).map((s) => `line ${s.line}: ${s.reason}`);
  return (
    `imported ${r.source}: added ${r.added}, updated ${r.updated}, removed ${r.removed}, rejected ${r.rejected}, ` +
    `total ${r.total} in ${r.ms} ms${samples.length ? `; rejected ${samples.join('; ')}` : ''}`
  );
}

/**
 * Replaces the stored drop list with the one from `source`, atomically. Records the outcome in
 * DropImport and as one audit-log row (job `droplist-import`). Throws DomainError('IMPORT_FAILED')
 * when the source fails or the list is unusable; the stored list is then unchanged.
 */
export async function importDropList(deps: ImportDeps, source: DropListSource): Promise<ImportResult> {
  const { db, clock, log } = deps;
  const startedAt = clock.now();
  // Elapsed time is a duration, not a point in time: a test's fixed clock would report 0 ms.
  const t0 = performance.now();
  const record = await db.prisma.dropImport.create({ data: { source: source.name, startedAt } });
  let staging: Staging | undefined;
  try {
    staging = await (deps.store ?? createDropStore(db)).stage();
    const lines = await source.open();
    const scorer = deps.scorer ?? (await qualityScorer(db));
    const tally = await stageLines(lines, staging, startedAt.toISOString(), (r) => scorer(r.label, r.zone));
    check(tally);
    const counts = await staging.replace(record.id);
    const result: ImportResult = {
      importId: record.id,
      source: source.name,
      added: counts.added,
      updated: counts.updated,
      removed: counts.removed,
      rejected: tally.rejected + counts.duplicates,
      total: counts.total,
      past: tally.past,
      ms: Math.round(performance.now() - t0),
      rejectedRows: tally.rejectedRows,
    };
    const finishedAt = clock.now();
    await db.tx(async (tx) => {
      await tx.dropImport.update({
        where: { id: record.id },
        data: {
          finishedAt,
          ok: true,
          added: result.added,
          updated: result.updated,
          removed: result.removed,
          rejected: result.rejected,
          total: result.total,
          message: counts.duplicates ? `${counts.duplicates} repeated names (first row kept)` : null,
        },
      });
      await writeLog(tx, finishedAt, { job: IMPORT_JOB, message: summary(result) });
    });
    if (result.rejectedRows.length)
      log?.warn('drop list rows rejected', { importId: record.id, rejected: result.rejectedRows });
    return result;
  } catch (e) {
    const error = isDomainError(e) ? e : failed(String((e as Error)?.message ?? e));
    const finishedAt = clock.now();
    // Recording the failure must not hide it: a database that cannot be written is logged only.
    await db
      .tx(async (tx) => {
        await tx.dropImport.update({
          where: { id: record.id },
          data: { finishedAt, message: error.message.slice(0, 2000) },
        });
        await writeLog(tx, finishedAt, {
          job: IMPORT_JOB,
          level: 'error',
          message: `import from ${source.name} failed: ${error.message}`,
        });
      })
      .catch((recordError) =>
        log?.error('could not record the failed import', { importId: record.id, error: recordError }),
      );
    throw error;
  } finally {
    await staging?.close();
  }
}
