import type { RowLists } from './trigrams.ts';

// Rows grouped by the value of one field (zone, label length, drop day), each group in row order:
// a filter on that field reads only the rows of the values it allows instead of every row.

export class Facet {
  /** rows grouped by value; the group of value v is rows[starts[v] .. starts[v + 1]) */
  private readonly rows: Uint32Array;
  private readonly starts: Uint32Array;

  /** `valueAt[r]` is row r's value, a whole number below `values`. */
  constructor(valueAt: ArrayLike<number>, values: number) {
    this.starts = new Uint32Array(values + 1);
    for (let r = 0; r < valueAt.length; r++) this.starts[valueAt[r]! + 1]!++;
    for (let v = 0; v < values; v++) this.starts[v + 1]! += this.starts[v]!;
    this.rows = new Uint32Array(valueAt.length);
    const fill = this.starts.slice(0, values);
    for (let r = 0; r < valueAt.length; r++) this.rows[fill[valueAt[r]!]!++] = r;
  }

  get values(): number {
    return this.starts.length - 1;
  }

  group(v: number): Uint32Array {
    return this.rows.subarray(this.starts[v]!, this.starts[v + 1]!);
  }

  /** The groups of the values `want` accepts, and how many rows they hold together. */
  pick(want: (v: number) => boolean): RowLists {
    const lists: Uint32Array[] = [];
    let count = 0;
    for (let v = 0; v < this.values; v++) {
      if (this.starts[v + 1]! > this.starts[v]! && want(v)) {
        lists.push(this.group(v));
        count += lists[lists.length - 1]!.length;
      }
    }
    return { lists, count };
  }
}

/** One ascending list, without repeats, of the rows of several ascending lists. */
export function union(lists: Uint32Array[]): Uint32Array {
  if (lists.length === 1) return lists[0]!;
  let parts = lists;
  while (parts.length > 1) {
    const next: Uint32Array[] = [];
    for (let i = 0; i < parts.length; i += 2)
      next.push(i + 1 < parts.length ? merge(parts[i]!, parts[i + 1]!) : parts[i]!);
    parts = next;
  }
  return parts[0] ?? new Uint32Array(0);
}

function merge(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out = new Uint32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    out[k++] = Math.min(x, y);
    if (x <= y) i++;
    if (y <= x) j++;
  }
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out.subarray(0, k);
}
