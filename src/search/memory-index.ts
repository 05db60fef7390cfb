import { DAY } from '../clock.ts';
import { displayName } from '../domain/domain-name.ts';
import { type Columns, fqdnOrder, permute } from './columns.ts';
import { utcDay } from './dates.ts';
import { Facet } from './facets.ts';
import type { DropDay, SearchIndex, SearchItem, SearchQuery, SearchResult, SortField } from './query.ts';
import { packRecords } from './records.ts';
import { type IndexData, type RowFilter, rowFilter } from './row-filter.ts';
import { pageOf, type SortKey, walk } from './select.ts';
import { buildTrigrams } from './trigrams.ts';
import { slicer } from './yield.ts';

// The drop list in memory: columns in fqdn order, the labels in one byte buffer with a trigram
// index, rows grouped by zone, length and drop day (to narrow a filter) and by each sort key (to
// walk in order). Answers equal the SQL backend's row for row.

export class MemoryIndex implements SearchIndex {
  private readonly scratch: Uint32Array;

  private constructor(
    private readonly data: IndexData,
    /** every drop time, ascending; and per zone, its rows' drop times, ascending */
    private readonly dropSorted: Float64Array,
    private readonly zoneTimes: Float64Array[],
    /** the distinct drop times, ascending, and each row's rank among them */
    private readonly distinct: Float64Array,
    private readonly dropRank: SortKey,
    /** rows grouped by each sort key (fqdn: the row order itself) */
    private readonly orders: Record<Exclude<SortField, 'fqdn'>, Facet>,
  ) {
    this.scratch = new Uint32Array(data.c.rows);
  }

  static async build(loaded: Columns): Promise<MemoryIndex> {
    // Each step over a million rows takes tens of milliseconds and the process serves meanwhile
    // (an instance builds the next list's index while an import runs): the event loop gets a
    // turn between the steps, and within the longest.
    const turn = slicer();
    const order = await fqdnOrder(loaded);
    const c = order ? permute(loaded, order) : loaded;
    await turn();
    const offsets = new Uint32Array(c.rows + 1);
    let size = 1;
    for (let r = 0; r < c.rows; r++) {
      offsets[r] = size;
      size += c.labels[r]!.length + 1;
    }
    offsets[c.rows] = size;
    const labels = Buffer.from(`\n${c.labels.join('\n')}\n`, 'latin1');
    c.labels.length = 0; // the buffer holds them now
    await turn();

    const dropSorted = Float64Array.from(c.dropAt).sort();
    await turn();
    const distinct = dropSorted.filter((t, i) => i === 0 || t !== dropSorted[i - 1]);
    const days = [...new Set(Array.from(distinct, (t) => Math.floor(t / DAY)))];
    const dayOfRank = Uint32Array.from(distinct, (t) => lowerBound(days, Math.floor(t / DAY)));
    // A binary search per row: a Map from a million drop times to their rank held the event loop
    // for over a second.
    const rank = new Uint32Array(c.rows);
    const dayOf = new Uint32Array(c.rows);
    for (let r = 0; r < c.rows; r++) {
      rank[r] = lowerBound(distinct, c.dropAt[r]!);
      dayOf[r] = dayOfRank[rank[r]!]!;
      if ((r & 0xffff) === 0) await turn();
    }
    const byLength = new Facet(c.length, 256);
    await turn();
    const byZone = new Facet(c.zoneOf, c.zones.length);
    await turn();
    const records = packRecords(c);
    await turn();
    const trigrams = await buildTrigrams(labels, offsets, c.rows);
    const byDay = new Facet(dayOf, days.length);
    await turn();
    const zoneTimes: Float64Array[] = [];
    for (let z = 0; z < c.zones.length; z++) {
      zoneTimes.push(Float64Array.from(byZone.group(z), (r) => c.dropAt[r]!).sort());
      await turn();
    }
    const byDrop = new Facet(rank, distinct.length);
    await turn();
    const byDigits = new Facet(c.digits, 256);
    await turn();
    const byHyphens = new Facet(c.hyphens, 256);
    await turn();
    const byScore = new Facet(c.score, 101);
    const data: IndexData = { c, records, labels, offsets, trigrams, byZone, byLength, days, byDay, byScore };
    return new MemoryIndex(
      data,
      dropSorted,
      zoneTimes,
      distinct,
      { of: rank, keys: distinct.length },
      { dropAt: byDrop, length: byLength, digits: byDigits, hyphens: byHyphens, score: byScore },
    );
  }

  get rows(): number {
    return this.data.c.rows;
  }

  async search(q: SearchQuery, now: Date): Promise<SearchResult> {
    const f = rowFilter(this.data, q, now);
    const offset = (q.page - 1) * q.pageSize;
    const total = f.onlyTimeIn ? this.timedWithin(f.onlyTimeIn.zones, f.lo, f.hi) : this.collect(f);
    const order = q.sort === 'fqdn' ? undefined : this.orders[q.sort];
    // Walking the sort order stops once the page is full: quick when matches are common. When they
    // are rare it gives up after about what the histogram over the matches would cost.
    const page = { offset, size: q.pageSize, budget: 2 * total + 1024 };
    let rows = walk(order, this.rows, q.order, f.keep, page, this.keysWithin(q, f));
    if (!rows) {
      if (f.onlyTimeIn) this.collect(f);
      // Several candidate lists leave the matches in list order; the histogram needs row order.
      if ((f.candidates?.length ?? 0) > 1) this.scratch.subarray(0, total).sort();
      const key =
        q.sort === 'fqdn'
          ? undefined
          : q.sort === 'dropAt'
            ? this.dropRank
            : { of: this.data.c[q.sort], keys: 256 };
      rows = pageOf(this.scratch.subarray(0, total), key, q.order, offset, q.pageSize);
    }
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

  /** The sort keys the filters allow, so a walk skips the groups that cannot match. */
  private keysWithin(q: SearchQuery, f: RowFilter): { first: number; end: number } | undefined {
    if (q.sort === 'fqdn') return undefined;
    if (q.sort === 'dropAt')
      return { first: lowerBound(this.distinct, f.lo), end: lowerBound(this.distinct, f.hi + 1) };
    if (q.sort === 'score') return { first: q.minScore, end: 101 };
    const { min = 0, max = 255 } = q.ranges[q.sort];
    return { first: min, end: max + 1 };
  }

  /** How many rows (of the given zones, or all) drop within [lo, hi]: binary searches only. */
  private timedWithin(zones: number[] | undefined, lo: number, hi: number): number {
    const between = (times: Float64Array) => lowerBound(times, hi + 1) - lowerBound(times, lo);
    return zones ? zones.reduce((n, z) => n + between(this.zoneTimes[z]!), 0) : between(this.dropSorted);
  }

  /**
   * Puts the matching rows at the start of scratch and returns how many. They are in row (= fqdn)
   * order unless the candidates came as several lists.
   */
  private collect(f: RowFilter): number {
    const { scratch } = this;
    let found = 0;
    if (f.candidates) {
      for (const list of f.candidates) {
        for (let i = 0; i < list.length; i++) if (f.keep(list[i]!)) scratch[found++] = list[i]!;
      }
    } else {
      for (let row = 0; row < this.rows; row++) if (f.keep(row)) scratch[found++] = row;
    }
    return found;
  }

  private item(r: number): SearchItem {
    const { c, labels, offsets } = this.data;
    const label = labels.toString('latin1', offsets[r]!, offsets[r + 1]! - 1);
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
      score: c.score[r]!,
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
