import type { Facet } from './facets.ts';

// One page of matching rows in the asked order without sorting the matches. They arrive in row
// order, which is fqdn order, so within equal keys they are already tied by fqdn; every sort key
// is a small whole number (a count, or the rank of a drop time), so a histogram of the keys tells
// which keys the page spans and where each of their rows lands: two passes, no comparisons.

export interface SortKey {
  /** key of each row, a whole number below `keys` */
  of: ArrayLike<number>;
  keys: number;
}

export function pageOf(
  matches: Uint32Array,
  key: SortKey | undefined,
  order: 'asc' | 'desc',
  offset: number,
  size: number,
): Uint32Array {
  const total = matches.length;
  if (offset >= total) return new Uint32Array(0);
  const want = Math.min(offset + size, total);
  if (!key) {
    return order === 'asc'
      ? matches.slice(offset, want)
      : matches.slice(total - want, total - offset).reverse();
  }
  const { of, keys } = key;
  const hist = new Uint32Array(keys);
  for (let i = 0; i < total; i++) hist[of[matches[i]!]!]!++;

  // Walk the keys in the asked order to find the ones the page spans (a run [lo, hi] of key values)
  // and, for each, which of its rows (by position within the key) go where on the page.
  const step = order === 'asc' ? 1 : -1;
  let k = order === 'asc' ? 0 : keys - 1;
  let before = 0;
  while (before + hist[k]! <= offset) {
    before += hist[k]!;
    k += step;
  }
  const firstKey = k;
  // For the i-th key of the run holding rows: its rows from position from[i] up to to[i] go to the
  // page at at[i]. Its histogram cell, no longer needed, becomes i + 1 to look the key up later.
  const from: number[] = [];
  const to: number[] = [];
  const at: number[] = [];
  for (let pos = before; pos < want; k += step) {
    const end = pos + hist[k]!;
    if (end > pos) {
      from.push(Math.max(offset, pos) - pos);
      to.push(Math.min(want, end) - pos);
      at.push(Math.max(offset, pos) - offset);
      hist[k] = from.length;
    }
    pos = end;
  }
  const lo = Math.min(firstKey, k - step);
  const hi = Math.max(firstKey, k - step);

  const out = new Uint32Array(want - offset);
  const seen = new Uint32Array(from.length);
  let filled = 0;
  for (let i = 0; i < total && filled < out.length; i++) {
    const row = matches[i]!;
    const kv = of[row]!;
    if (kv < lo || kv > hi) continue;
    const s = hist[kv]! - 1;
    const p = seen[s]!++;
    if (p >= from[s]! && p < to[s]!) {
      out[at[s]! + p - from[s]!] = row;
      filled++;
    }
  }
  return out;
}

/**
 * The page found by walking the rows in the asked order and testing each until the page is full:
 * cheap when matches are common, as it stops early. `order` groups the rows by sort key, each group
 * in row (fqdn) order; without it the order is the row order itself. Gives up (undefined) after
 * `budget` rows, when rare matches would make the walk dearer than the histogram.
 */
export function walk(
  order: Facet | undefined,
  rows: number,
  dir: 'asc' | 'desc',
  keep: (row: number) => boolean,
  page: { offset: number; size: number; budget: number },
  /** only the groups of keys first up to (not including) end can match */
  keys: { first: number; end: number } = { first: 0, end: order?.values ?? 0 },
): Uint32Array | undefined {
  const out = new Uint32Array(page.size);
  let n = 0;
  let skip = page.offset;
  let visits = 0;
  /** true once the page is full or the budget spent */
  const visit = (row: number) => {
    if (++visits > page.budget) return true;
    if (!keep(row)) return false;
    if (skip > 0) skip--;
    else out[n++] = row;
    return n === page.size;
  };
  const done = () => (visits > page.budget ? undefined : out.subarray(0, n));
  if (!order) {
    if (dir === 'asc') for (let r = 0; r < rows && !visit(r); r++);
    else for (let r = rows - 1; r >= 0 && !visit(r); r--);
    return done();
  }
  // Groups in key order either way; within a group always ascending, as ties go by fqdn.
  const step = dir === 'asc' ? 1 : -1;
  for (let v = dir === 'asc' ? keys.first : keys.end - 1; v >= keys.first && v < keys.end; v += step) {
    const group = order.group(v);
    for (let i = 0; i < group.length; i++) if (visit(group[i]!)) return done();
  }
  return done();
}
