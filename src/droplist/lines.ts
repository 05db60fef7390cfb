import { DomainError } from '../errors.ts';

// Longer lines are not drop-list rows (a row is a name of at most 253 characters and a date): a
// file without line breaks would otherwise be gathered into one string until memory runs out.
const MAX_LINE = 64 * 1024;

/** Splits decoded text chunks into lines without the line break (CR is left to the row parser). */
export async function* splitLines(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of chunks) {
    const text = rest + chunk;
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      yield text.slice(start, nl);
      start = nl + 1;
    }
    rest = text.slice(start);
    if (rest.length > MAX_LINE) {
      throw new DomainError(
        'IMPORT_FAILED',
        `a line is longer than ${MAX_LINE} characters: this is not a drop list`,
      );
    }
  }
  if (rest !== '') yield rest;
}

/** Runs `release` once the lines are consumed, abandoned or failed. */
export async function* releasing(
  lines: AsyncIterable<string>,
  release: () => Promise<void>,
): AsyncGenerator<string> {
  try {
    yield* lines;
  } finally {
    await release();
  }
}
