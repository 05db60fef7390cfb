import { slicer } from './yield.ts';

// The drop list as columns (one typed array per field), as a loader delivers it in whatever order
// the database gave, and the reordering into fqdn order that the memory index relies on: with rows
// in fqdn order, a row's position is its fqdn rank, so every tie-break is a comparison of numbers.

export interface Columns {
  rows: number;
  labels: string[];
  /** distinct zones; zoneOf[r] indexes this list */
  zones: string[];
  zoneOf: Uint32Array;
  /** epoch milliseconds */
  dropAt: Float64Array;
  length: Uint8Array;
  letters: Uint8Array;
  digits: Uint8Array;
  hyphens: Uint8Array;
  idn: Uint8Array;
  /** quality score, 0-100 */
  score: Uint8Array;
}

export function emptyColumns(rows: number): Columns {
  return {
    rows,
    labels: new Array<string>(rows),
    zones: [],
    zoneOf: new Uint32Array(rows),
    dropAt: new Float64Array(rows),
    length: new Uint8Array(rows),
    letters: new Uint8Array(rows),
    digits: new Uint8Array(rows),
    hyphens: new Uint8Array(rows),
    idn: new Uint8Array(rows),
    score: new Uint8Array(rows),
  };
}

/** Character `i` of row r's fqdn (label, dot, zone), or -1 past its end. */
function fqdnChar(c: Columns, r: number, i: number): number {
  const label = c.labels[r]!;
  if (i < label.length) return label.charCodeAt(i);
  if (i === label.length) return 46;
  const zone = c.zones[c.zoneOf[r]!]!;
  return i - label.length - 1 < zone.length ? zone.charCodeAt(i - label.length - 1) : -1;
}

/**
 * Whether row a's fqdn sorts before row b's, compared in place: the rows of an imported list are
 * in order already, and checking it this way costs a few characters a row, where building each
 * fqdn first (a million strings) held the event loop for hundreds of milliseconds.
 */
function sortsBefore(c: Columns, a: number, b: number): boolean {
  for (let i = 0; ; i++) {
    const x = fqdnChar(c, a, i);
    const y = fqdnChar(c, b, i);
    if (x !== y) return x < y;
    if (x === -1) return false;
  }
}

/**
 * Row numbers sorted by fqdn in byte order (as SQLite's BINARY collation and PostgreSQL's "C"), or
 * undefined when the rows already are (the importer writes the table in fqdn order). A counting
 * sort on the first two characters, then a small sort per bucket, so no step holds the event loop
 * for long.
 */
export async function fqdnOrder(c: Columns): Promise<Uint32Array | undefined> {
  const turn = slicer();
  let sorted = true;
  for (let r = 1; r < c.rows && sorted; r++) {
    sorted = sortsBefore(c, r - 1, r);
    if ((r & 0xffff) === 0) await turn();
  }
  if (sorted) return undefined;
  const fqdn = new Array<string>(c.rows);
  for (let r = 0; r < c.rows; r++) {
    fqdn[r] = `${c.labels[r]}.${c.zones[c.zoneOf[r]!]}`;
    if ((r & 0x3fff) === 0) await turn();
  }
  const bucketOf = (s: string) => Math.min(s.charCodeAt(0), 127) * 128 + Math.min(s.charCodeAt(1) || 0, 127);
  const starts = new Uint32Array(128 * 128 + 1);
  for (const s of fqdn) starts[bucketOf(s) + 1]!++;
  for (let b = 0; b < 128 * 128; b++) starts[b + 1]! += starts[b]!;
  const order = new Uint32Array(c.rows);
  const fill = starts.slice();
  for (let r = 0; r < c.rows; r++) order[fill[bucketOf(fqdn[r]!)]!++] = r;
  for (let b = 0; b < 128 * 128; b++) {
    if (starts[b + 1]! - starts[b]! > 1) {
      order.subarray(starts[b]!, starts[b + 1]!).sort((x, y) => (fqdn[x]! < fqdn[y]! ? -1 : 1));
      await turn();
    }
  }
  return order;
}

/** The same columns with row `i` taken from row `order[i]`. */
export function permute(c: Columns, order: Uint32Array): Columns {
  const out = emptyColumns(c.rows);
  out.zones = c.zones;
  for (let i = 0; i < c.rows; i++) {
    const r = order[i]!;
    out.labels[i] = c.labels[r]!;
    out.zoneOf[i] = c.zoneOf[r]!;
    out.dropAt[i] = c.dropAt[r]!;
    out.length[i] = c.length[r]!;
    out.letters[i] = c.letters[r]!;
    out.digits[i] = c.digits[r]!;
    out.hyphens[i] = c.hyphens[r]!;
    out.idn[i] = c.idn[r]!;
    out.score[i] = c.score[r]!;
  }
  return out;
}
