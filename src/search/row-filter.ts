import { DAY } from '../clock.ts';
import type { Columns } from './columns.ts';
import { type Facet, union } from './facets.ts';
import { compileKeyword } from './label-match.ts';
import type { SearchQuery } from './query.ts';
import type { Records } from './records.ts';
import type { RowLists, Trigrams } from './trigrams.ts';

// A query turned into a test of one row, plus the narrowest set of rows worth testing: the rows of
// a keyword's trigrams, or of the chosen zones, lengths, scores or drop days, whichever is smallest.

export interface IndexData {
  c: Columns;
  records: Records;
  labels: Buffer;
  offsets: Uint32Array;
  trigrams: Trigrams;
  byZone: Facet;
  byLength: Facet;
  /** UTC day numbers present, ascending; byDay groups the rows by position in it */
  days: number[];
  byDay: Facet;
  /** rows grouped by quality score (0-100) */
  byScore: Facet;
}

export interface RowFilter {
  /** the whole query on one row */
  keep(row: number): boolean;
  /** lists of the rows that can match, each ascending, no row in two; undefined = any row */
  candidates?: Uint32Array[];
  /** drop-time bounds in epoch ms, both included */
  lo: number;
  hi: number;
  /**
   * Set when nothing but the drop time and the zone is filtered: the matches are then the rows of
   * these zones (every zone when undefined) that drop within [lo, hi], countable without a visit.
   */
  onlyTimeIn?: { zones?: number[] };
}

/** Beyond this share of all rows, testing every row beats merging the groups. */
const NARROW = 1 / 3;

export function rowFilter(d: IndexData, q: SearchQuery, now: Date): RowFilter {
  const { c } = d;
  // Drop times are whole milliseconds, so "after now" is "at now + 1 ms or later".
  const lo = Math.max(q.includePast ? -Infinity : now.getTime() + 1, q.from?.getTime() ?? -Infinity);
  const hi = q.to?.getTime() ?? Infinity;
  const r = q.ranges;
  const [minLen, maxLen] = [r.length.min ?? 0, r.length.max ?? 255];
  const [minLet, maxLet] = [r.letters.min ?? 0, r.letters.max ?? 255];
  const [minDig, maxDig] = [r.digits.min ?? 0, r.digits.max ?? 255];
  const [minHyp, maxHyp] = [r.hyphens.min ?? 0, r.hyphens.max ?? 255];
  const noIdn = q.excludeIdn;
  const minScore = q.minScore;
  const zoneOk = new Uint8Array(c.zones.length).fill(q.zones.length ? 0 : 1);
  const zoneIds = q.zones.map((z) => c.zones.indexOf(z)).filter((id) => id >= 0);
  for (const id of zoneIds) zoneOk[id] = 1;
  const keyword = q.keyword ? compileKeyword(q.keyword, d.labels, d.offsets, d.trigrams) : undefined;
  const counts = Object.values(r).some((x) => x.min !== undefined || x.max !== undefined);

  const sets: RowLists[] = [];
  if (keyword?.rows) sets.push(keyword.rows);
  if (q.zones.length) sets.push(d.byZone.pick((z) => zoneOk[z] === 1));
  if (minLen > 0 || maxLen < 255) sets.push(d.byLength.pick((l) => l >= minLen && l <= maxLen));
  if (minScore > 0) sets.push(d.byScore.pick((s) => s >= minScore));
  if (lo > -Infinity || hi < Infinity) {
    sets.push(d.byDay.pick((i) => d.days[i]! * DAY <= hi && (d.days[i]! + 1) * DAY > lo));
  }
  const best = sets.reduce<RowLists | undefined>((a, b) => (!a || b.count < a.count ? b : a), undefined);
  let candidates: Uint32Array[] | undefined;
  // Lists of different zones, lengths or days are disjoint and can be read one after the other;
  // a keyword's lists may share rows and are merged first.
  if (best && best.count <= c.rows * NARROW) candidates = best.overlapping ? [union(best.lists)] : best.lists;

  const { drop, bits } = d.records;
  return {
    lo,
    hi,
    candidates,
    onlyTimeIn:
      keyword || counts || noIdn || minScore > 0
        ? undefined
        : { zones: q.zones.length ? zoneIds : undefined },
    keep(row) {
      const t = drop[2 * row]!;
      if (t < lo || t > hi) return false;
      const b = bits[4 * row + 2]!;
      const len = b & 255;
      if (len < minLen || len > maxLen) return false;
      const dig = (b >>> 16) & 255;
      if (dig < minDig || dig > maxDig) return false;
      const hyp = (b >>> 24) & 127;
      if (hyp < minHyp || hyp > maxHyp) return false;
      const let_ = (b >>> 8) & 255;
      if (let_ < minLet || let_ > maxLet) return false;
      if (noIdn && b >>> 31 === 1) return false;
      const zs = bits[4 * row + 3]!;
      if (zoneOk[zs & 0xffffff] === 0 || zs >>> 24 < minScore) return false;
      return !keyword || keyword.matches(row);
    },
  };
}
