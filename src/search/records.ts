import type { Columns } from './columns.ts';

// Everything a filter checks about a row, in one 16-byte record: a filter that visits rows in an
// order other than the storage order (a keyword's trigram rows, a zone's rows, the drop-time walk)
// then costs one cache miss per row instead of one per column, which dominates its time.
//
//   drop[2r]       drop time, epoch ms
//   bits[4r + 2]   length | letters << 8 | digits << 16 | hyphens << 24 (7 bits) | idn << 31
//   bits[4r + 3]   zone number (24 bits) | score << 24

export interface Records {
  drop: Float64Array;
  bits: Uint32Array;
}

export function packRecords(c: Columns): Records {
  const buffer = new ArrayBuffer(c.rows * 16);
  const drop = new Float64Array(buffer);
  const bits = new Uint32Array(buffer);
  for (let r = 0; r < c.rows; r++) {
    drop[2 * r] = c.dropAt[r]!;
    bits[4 * r + 2] =
      c.length[r]! |
      (c.letters[r]! << 8) |
      (c.digits[r]! << 16) |
      ((c.hyphens[r]! & 127) << 24) |
      (c.idn[r]! << 31);
    bits[4 * r + 3] = c.zoneOf[r]! | (c.score[r]! << 24);
  }
  return { drop, bits };
}
