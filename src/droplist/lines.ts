import { DomainError } from '../errors.ts';

// Longer lines are not drop-list rows (a row is a name of at most 253 characters and a date): a
// file without line breaks would otherwise be gathered into one string until memory runs out.
const MAX_LINE = 64 * 1024;

/**
 * Splits decoded text chunks into lines without the line break (CR is left to the row parser):
 * the lines each chunk completes, as one batch.
 */
export async function* splitLines(chunks: AsyncIterable<string>): AsyncGenerator<string[]> {
  let rest = '';
  for await (const chunk of chunks) {
    const text = rest + chunk;
    const lines: string[] = [];
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      lines.push(text.slice(start, nl));
      start = nl + 1;
    }
    if (lines.length) yield lines;
    rest = text.slice(start);
    if (rest.length > MAX_LINE) {
      throw new DomainError(
        'IMPORT_FAILED',
        `a line is longer than ${MAX_LINE} characters: this is not a drop list`,
      );
    }
  }
  if (rest !== '') yield [rest];
}

/** Lines made one at a time, in batches of `size`. */
export async function* inBatches(lines: AsyncIterable<string>, size: number): AsyncGenerator<string[]> {
  let batch: string[] = [];
  for await (const line of lines) {
    batch.push(line);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/** Runs `release` once the items are consumed, abandoned or failed. */
export async function* releasing<T>(
  items: AsyncIterable<T>,
  release: () => Promise<void>,
): AsyncGenerator<T> {
  try {
    yield* items;
  } finally {
    await release();
  }
}
