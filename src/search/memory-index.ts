import { DAY } from '../clock.ts';
import { displayName } from '../domain/domain-name.ts';
import { type Columns, fqdnOrder, permute } from './columns.ts';
import { utcDay } from './dates.ts';
import { Facet, union } from './facets.ts';
import { compileKeyword } from './label-match.ts';
import type { DropDay, SearchIndex, SearchItem, SearchQuery, SearchResult } from './query.ts';
import { pageOf, type SortKey } from './select.ts';
import { buildTrigrams, type Trigrams } from './trigrams.ts';

// The drop list in memory: columns in fqdn order, the labels in one byte buffer with a trigram
// index, and rows grouped by zone, length and drop day. A query reads the smallest of the row sets
// its filters allow (a keyword's rarest trigram, the chosen zones, lengths or days) and checks the
// rest of the filters on those rows alone; answers equal the SQL backend's row for row.

const NL = 10;
/** Beyond this share of all rows, reading every row beats merging the groups. */
const NARROW = 1 / 3;

export class MemoryIndex implements SearchIndex {
  private readonly scratch: Uint32Array;

  private constructor(
    private readonly c: Columns,
    private readonly labels: Buffer,
    private readonly offsets: Uint32Array,
    private readonly trigrams: Trigrams,
    private readonly byZone: Facet,
    private readonly byLength: Facet,
    /** UTC day numbers (epoch ms / DAY) present, ascending; byDay groups rows by index in it */
    private readonly days: number[],
    private readonly byDay: Facet,
    /** every drop time, ascending, and each row's rank among the distinct ones */
    private readonly dropSorted: Float64Array,
    private readonly dropRank: SortKey,
  ) {
    this.scratch = new Uint32Array(c.rows);
  }

  static async build(loaded: Columns): Promise<MemoryIndex> {
    const c = permute(loaded, await fqdnOrder(loaded));
    const offsets = new Uint32Array(c.rows + 1);
    let size = 1;
    for (let r = 0; r < c.rows; r++) {
      offsets[r] = size;
      size += c.labels[r]!.length + 1;
    }
    offsets[c.rows] = size;
    const labels = Buffer.alloc(size, NL);
    for (let r = 0; r < c.rows; r++) labels.write(c.labels[r]!, offsets[r]!, 'latin1');
    c.labels.length = 0; // the buffer holds them now

    const dropSorted = Float64Array.from(c.dropAt).sort();
    const distinct = dropSorted.filter((t, i) => i === 0 || t !== dropSorted[i - 1]);
    const rank = new Uint32Array(c.rows);
    const days = [...new Set(Array.from(distinct, (t) => Math.floor(t / DAY)))];
    const dayOf = new Uint32Array(c.rows);
    for (let r = 0; r < c.rows; r++) {
      rank[r] = lowerBound(distinct, c.dropAt[r]!);
      dayOf[r] = lowerBound(days, Math.floor(c.dropAt[r]! / DAY));
    }
    return new MemoryIndex(
      c,
      labels,
      offsets,
      await buildTrigrams(labels, offsets, c.rows),
      new Facet(c.zoneOf, c.zones.length),
      new Facet(c.length, 256),
      days,
      new Facet(dayOf, days.length),
      dropSorted,
      { of: rank, keys: distinct.length },
    );
  }

  get rows(): number {
    return this.c.rows;
  }

  async search(q: SearchQuery, now: Date): Promise<SearchResult> {
    const total = this.filter(q, now);
    const key =
      q.sort === 'fqdn' ? undefined : q.sort === 'dropAt' ? this.dropRank : { of: this.c[q.sort], keys: 256 };
    const rows = pageOf(this.scratch.subarray(0, total), key, q.order, (q.page - 1) * q.pageSize, q.pageSize);
    return { total, page: q.page, pageSize: q.pageSize, items: Array.from(rows, (r) => this.item(r)) };
  }

  async upcomingDays(days: number, now: Date): Promise<DropDay[]> {
    const out: DropDay[] = [];
    let i = lowerBound(this.dropSorted, now.getTime() + 1);
    while (out.length < days && i < this.dropSorted.length) {
      const dayStart = Math.floor(this.dropSorted[i]! / DAY) * DAY;
      const next = lowerBound(this.dropSorted, dayStart + DAY);
      out.push({ date: utcDay(dayStart), count: next - i });
      i = next;
    }
    return out;
  }

  /** Puts the matching rows, ascending (= fqdn order), at the start of scratch; returns how many. */
  private filter(q: SearchQuery, now: Date): number {
    const { c, scratch } = this;
    // Drop times are whole milliseconds, so "after now" is "at now + 1 ms or later".
    const lo = Math.max(q.includePast ? -Infinity : now.getTime() + 1, q.from?.getTime() ?? -Infinity);
    const hi = q.to?.getTime() ?? Infinity;
    const r = q.ranges;
    const [minLen, maxLen] = [r.length.min ?? 0, r.length.max ?? 255];
    const [minLet, maxLet] = [r.letters.min ?? 0, r.letters.max ?? 255];
    const [minDig, maxDig] = [r.digits.min ?? 0, r.digits.max ?? 255];
    const [minHyp, maxHyp] = [r.hyphens.min ?? 0, r.hyphens.max ?? 255];
    const noIdn = q.excludeIdn;
    const zoneOk = new Uint8Array(c.zones.length).fill(q.zones.length ? 0 : 1);
    for (const z of q.zones) {
      const id = c.zones.indexOf(z);
      if (id >= 0) zoneOk[id] = 1;
    }
    const keyword = q.keyword
      ? compileKeyword(q.keyword, this.labels, this.offsets, this.trigrams)
      : undefined;

    // The narrowest row set the filters allow; every filter is still checked on each of its rows.
    const sets: { count: number; lists: Uint32Array[] }[] = [];
    if (keyword?.trigramRows) sets.push({ count: keyword.trigramRows.length, lists: [keyword.trigramRows] });
    if (q.zones.length) sets.push(this.byZone.pick((z) => zoneOk[z] === 1));
    if (minLen > 0 || maxLen < 255) sets.push(this.byLength.pick((l) => l >= minLen && l <= maxLen));
    if (lo > -Infinity || hi < Infinity) {
      sets.push(this.byDay.pick((d) => this.days[d]! * DAY <= hi && (this.days[d]! + 1) * DAY > lo));
    }
    const best = sets.reduce<(typeof sets)[number] | undefined>(
      (a, b) => (!a || b.count < a.count ? b : a),
      undefined,
    );
    let rows: Uint32Array | undefined;
    if (best && best.count <= c.rows * NARROW) rows = union(best.lists);
    else if (keyword && !keyword.trigramRows) rows = keyword.scanRows();

    const { dropAt, zoneOf, length, letters, digits, hyphens, idn } = c;
    const keep = (row: number) => {
      const t = dropAt[row]!;
      if (t < lo || t > hi) return false;
      const len = length[row]!;
      if (len < minLen || len > maxLen) return false;
      const dig = digits[row]!;
      if (dig < minDig || dig > maxDig) return false;
      const hyp = hyphens[row]!;
      if (hyp < minHyp || hyp > maxHyp) return false;
      const let_ = letters[row]!;
      if (let_ < minLet || let_ > maxLet) return false;
      if (noIdn && idn[row] === 1) return false;
      if (zoneOk[zoneOf[row]!] === 0) return false;
      return !keyword || keyword.matches(row);
    };
    let found = 0;
    if (rows) {
      for (let i = 0; i < rows.length; i++) if (keep(rows[i]!)) scratch[found++] = rows[i]!;
    } else {
      for (let row = 0; row < c.rows; row++) if (keep(row)) scratch[found++] = row;
    }
    return found;
  }

  private item(r: number): SearchItem {
    const { c } = this;
    const label = this.labels.toString('latin1', this.offsets[r]!, this.offsets[r + 1]! - 1);
    const zone = c.zones[c.zoneOf[r]!]!;
    const fqdn = `${label}.${zone}`;
    return {
      fqdn,
      display: displayName(fqdn),
      label,
      zone,
      dropAt: new Date(c.dropAt[r]!),
      length: c.length[r]!,
      letters: c.letters[r]!,
      digits: c.digits[r]!,
      hyphens: c.hyphens[r]!,
      idn: c.idn[r] === 1,
    };
  }
}

/** The first index of an ascending list whose value is at least t. */
function lowerBound(list: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
