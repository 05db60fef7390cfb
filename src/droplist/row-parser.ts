import { type LabelStats, tryParseDomainName } from '../domain/domain-name.ts';

// One line of the drop list: `fqdn;YYYY-MM-DD HH:MM:SS` (UTC), further columns ignored. A bad line
// is a rejection with a reason, never an exception: the importer counts them and keeps a few.

export interface DropRow extends LabelStats {
  /** ASCII (punycode) form */
  fqdn: string;
  label: string;
  zone: string;
  /** ISO-8601 UTC with milliseconds, e.g. `2026-12-01T19:05:00.000Z` (sorts as it compares) */
  dropAt: string;
  /**
   * the quality score (src/score): 0 as parsed, set by the importer (the zone bonuses come from the
   * database). A field from the start, so that every row object has one shape.
   */
  score: number;
}

export type ParsedLine =
  | { kind: 'row'; row: DropRow }
  | { kind: 'reject'; reason: string }
  /** blank line or header: nothing to import, nothing wrong */
  | { kind: 'skip' };

const SKIP: ParsedLine = { kind: 'skip' };
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const shown = (text: string) => JSON.stringify(text.length > 100 ? `${text.slice(0, 100)}…` : text);

/** Fields may come quoted by spreadsheet exports. */
function field(text: string): string {
  const t = text.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).trim() : t;
}

/** The number written by the two or four digits at `from`, or -1 when any of them is not a digit. */
function digits(text: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * `YYYY-MM-DD HH:MM:SS` (a `T` is accepted too) as ISO-8601 UTC, or undefined when it is not a
 * real instant. Read by character position rather than a regular expression: this runs once per
 * row, a million times per import.
 */
export function parseDropTime(text: string): string | undefined {
  if (text.length !== 19) return undefined;
  // No helper closure here: tsx compiles with keepNames, which names every closure it creates
  // (a defineProperty per call), and that was a quarter of the parse time of a million rows.
  const t = text.charCodeAt(10);
  if (
    text.charCodeAt(4) !== 45 ||
    text.charCodeAt(7) !== 45 ||
    (t !== 32 && t !== 84) ||
    text.charCodeAt(13) !== 58 ||
    text.charCodeAt(16) !== 58
  )
    return undefined;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  if (year < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59)
    return undefined;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
  if (days === undefined || day < 1 || day > days) return undefined;
  return `${text.slice(0, 10)}T${text.slice(11)}.000Z`;
}

/**
 * Parses one line (without its LF). `first` marks the file's first line, which may be a header:
 * it is skipped when its name column holds no dot, as no domain name does.
 */
export function parseDropLine(line: string, first: boolean): ParsedLine {
  const end = line.endsWith('\r') ? line.length - 1 : line.length;
  const semi = line.indexOf(';');
  if (semi === -1 || semi >= end) {
    const text = line.slice(0, end).trim();
    if (text === '' || (first && !text.includes('.'))) return SKIP;
    return { kind: 'reject', reason: `no ";" between name and drop time in ${shown(text)}` };
  }
  const name = field(line.slice(0, semi));
  if (first && !name.includes('.')) return SKIP;
  const next = line.indexOf(';', semi + 1);
  const timeText = field(line.slice(semi + 1, next === -1 || next > end ? end : next));
  const parsed = tryParseDomainName(name);
  if (typeof parsed === 'string')
    return { kind: 'reject', reason: `invalid name ${shown(name)} (${parsed})` };
  const dropAt = parseDropTime(timeText);
  if (dropAt === undefined) {
    return {
      kind: 'reject',
      reason: `invalid drop time ${shown(timeText)} for ${parsed.fqdn} (expected YYYY-MM-DD HH:MM:SS, UTC)`,
    };
  }
  const { fqdn, label, zone, length, letters, digits, hyphens, idn } = parsed;
  return { kind: 'row', row: { fqdn, label, zone, dropAt, length, letters, digits, hyphens, idn, score: 0 } };
}
