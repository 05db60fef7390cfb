import { slicer } from './yield.ts';

// A trigram posting index over the labels: for each run of three bytes, the rows whose label
// (framed by the separator, so `\nca` marks a label starting with "ca") contains it. A keyword
// piece of three or more bytes narrows the search to the rows of its rarest trigram; a piece of
// two to the rows of every trigram that extends it.

const SEPARATOR = 10; // '\n', between labels in the label buffer
const SYMBOLS = 64; // '\n', a-z, 0-9, '-' and one bucket for anything else (never in an ASCII label)
const CODE = new Uint8Array(256).fill(SYMBOLS - 1);
CODE[SEPARATOR] = 0;
for (const [i, ch] of [...'abcdefghijklmnopqrstuvwxyz0123456789-'].entries()) CODE[ch.charCodeAt(0)] = i + 1;

const trigram = (b: Uint8Array, i: number) =>
  (CODE[b[i]!]! * SYMBOLS + CODE[b[i + 1]!]!) * SYMBOLS + CODE[b[i + 2]!]!;

/** Ascending row lists; count = their total length. */
export interface RowLists {
  count: number;
  lists: Uint32Array[];
  /** a row may be in several of the lists */
  overlapping?: boolean;
}

export interface Trigrams {
  /** the rows that may hold `piece`; undefined for a single byte (it narrows nothing) */
  rows(piece: Uint8Array): RowLists | undefined;
}

/**
 * `labels` holds every label framed by separators (`\nabc\nde\n`); row r is the bytes from
 * `offsets[r]` up to `offsets[r + 1] - 1`.
 */
export async function buildTrigrams(
  labels: Uint8Array,
  offsets: Uint32Array,
  rows: number,
): Promise<Trigrams> {
  const size = SYMBOLS ** 3;
  const turn = slicer();
  // Counting pass first so every list gets one contiguous slice of a single array.
  const start = new Uint32Array(size + 1);
  for (let r = 0; r < rows; r++) {
    for (let i = offsets[r]! - 1, e = offsets[r + 1]! - 2; i < e; i++) start[trigram(labels, i) + 1]!++;
    if ((r & 8191) === 0) await turn();
  }
  for (let g = 0; g < size; g++) start[g + 1]! += start[g]!;
  const postings = new Uint32Array(start[size]!);
  const end = start.slice(0, size);
  for (let r = 0; r < rows; r++) {
    for (let i = offsets[r]! - 1, e = offsets[r + 1]! - 2; i < e; i++) {
      const g = trigram(labels, i);
      // A label repeating a trigram ("aaaa") is listed once; the slot it would have used stays spare.
      if (end[g]! > start[g]! && postings[end[g]! - 1] === r) continue;
      postings[end[g]!++] = r;
    }
    if ((r & 8191) === 0) await turn();
  }
  const list = (g: number) => postings.subarray(start[g]!, end[g]!);
  return {
    rows(piece) {
      if (piece.length === 2) {
        // Every "xy" inside a framed label is followed by a byte; one at the label's end ("y\n")
        // is preceded by one (at least the leading separator).
        const atEnd = piece[1] === SEPARATOR;
        const lists: Uint32Array[] = [];
        let count = 0;
        for (let k = 0; k < SYMBOLS; k++) {
          const [a, b, c] = atEnd ? [k, CODE[piece[0]!]!, 0] : [CODE[piece[0]!]!, CODE[piece[1]!]!, k];
          const l = list((a * SYMBOLS + b) * SYMBOLS + c);
          if (l.length) {
            lists.push(l);
            count += l.length;
          }
        }
        return { count, lists, overlapping: true };
      }
      let best: Uint32Array | undefined;
      for (let i = 0; i + 2 < piece.length; i++) {
        const l = list(trigram(piece, i));
        if (!best || l.length < best.length) best = l;
      }
      return best && { count: best.length, lists: [best] };
    },
  };
}
