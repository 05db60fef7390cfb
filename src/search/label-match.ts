import type { KeywordPattern } from './keyword.ts';
import type { RowLists, Trigrams } from './trigrams.ts';

// A keyword compiled against the label buffer (`\n` + labels joined by `\n` + `\n`; row r's label
// is the bytes offsets[r] up to offsets[r + 1] - 1): a byte matcher for one row, and the rows
// worth matching according to the trigram index.

const NL = 10;

export interface LabelMatcher {
  matches(row: number): boolean;
  /** the rows that may match, from the piece that narrows most; none for one-byte pieces */
  rows?: RowLists;
}

export function compileKeyword(
  p: KeywordPattern,
  labels: Buffer,
  offsets: Uint32Array,
  trigrams: Trigrams,
): LabelMatcher {
  const segs = p.segments.map((s) => Buffer.from(s, 'latin1'));
  // A piece framed by the separator lets an anchored piece use the bytes at the label's edge.
  const framed = segs.map((s, i) =>
    Buffer.concat([
      Buffer.from(p.anchoredStart && i === 0 ? [NL] : []),
      s,
      Buffer.from(p.anchoredEnd && i === segs.length - 1 ? [NL] : []),
    ]),
  );
  let rows: RowLists | undefined;
  for (const f of framed) {
    const r = trigrams.rows(f);
    if (r && (!rows || r.count < rows.count)) rows = r;
  }

  const at = (pos: number, s: Buffer) => {
    for (let k = 0; k < s.length; k++) if (labels[pos + k] !== s[k]) return false;
    return true;
  };
  const first = p.anchoredStart ? 1 : 0;
  const last = p.anchoredEnd ? segs.length - 1 : segs.length;

  return {
    rows,
    matches(row) {
      let pos = offsets[row]!;
      let end = offsets[row + 1]! - 1;
      if (first) {
        const s = segs[0]!;
        if (pos + s.length > end || !at(pos, s)) return false;
        pos += s.length;
      }
      if (last < segs.length) {
        const s = segs[last]!;
        if (end - s.length < pos || !at(end - s.length, s)) return false;
        end -= s.length;
      }
      // Middle pieces in order, each at its leftmost place after the previous one.
      for (let k = first; k < last; k++) {
        const s = segs[k]!;
        let found = -1;
        for (let x = pos; x + s.length <= end; x++) {
          if (labels[x] === s[0] && at(x, s)) {
            found = x;
            break;
          }
        }
        if (found < 0) return false;
        pos = found + s.length;
      }
      return true;
    },
  };
}
