import type { KeywordPattern } from './keyword.ts';
import type { Trigrams } from './trigrams.ts';

// A keyword compiled against the label buffer (`\n` + labels joined by `\n` + `\n`; row r's label
// is the bytes offsets[r] up to offsets[r + 1] - 1): a byte matcher for one row, and two ways to
// find the rows worth matching.

const NL = 10;

export interface LabelMatcher {
  matches(row: number): boolean;
  /** the rows of the pattern's rarest trigram, when a piece is long enough to have one */
  trigramRows?: Uint32Array;
  /** the rows holding the pattern's longest piece, found by scanning the whole buffer */
  scanRows(): Uint32Array;
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
  let trigramRows: Uint32Array | undefined;
  for (const f of framed) {
    const list = trigrams.candidates(f);
    if (list && (!trigramRows || list.length < trigramRows.length)) trigramRows = list;
  }

  const at = (pos: number, s: Buffer) => {
    for (let k = 0; k < s.length; k++) if (labels[pos + k] !== s[k]) return false;
    return true;
  };
  const first = p.anchoredStart ? 1 : 0;
  const last = p.anchoredEnd ? segs.length - 1 : segs.length;

  return {
    trigramRows,
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
    scanRows() {
      const piece = framed.reduce((a, b) => (b.length > a.length ? b : a));
      // A hit's first label byte tells its row (skip the leading separator of a framed piece).
      const lead = piece[0] === NL ? 1 : 0;
      const rows: number[] = [];
      let row = 0;
      for (let hit = labels.indexOf(piece); hit !== -1; hit = labels.indexOf(piece, hit + 1)) {
        const pos = hit + lead;
        while (offsets[row + 1]! <= pos) row++;
        if (rows[rows.length - 1] !== row) rows.push(row);
      }
      return Uint32Array.from(rows);
    },
  };
}
