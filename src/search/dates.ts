import { DAY, utcCalendar as utc } from '../clock.ts';

// Drop-date bounds as users type them. Parsed by hand rather than with Date.parse, which reads a
// zone-less date-time in the process's local zone; here every form means UTC.

const DAY_FORM = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT_FORM =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * `YYYY-MM-DD` is a whole UTC day: as a lower bound its first millisecond, as an upper bound its
 * last, so both ends are included. An ISO-8601 instant is taken as is (no offset = UTC).
 */
export function parseBound(text: string, end: 'from' | 'to'): Date | undefined {
  const t = text.trim();
  const day = DAY_FORM.exec(t);
  if (day) {
    const start = utc(day[1]!, day[2]!, day[3]!);
    return start === undefined ? undefined : new Date(end === 'from' ? start : start + DAY - 1);
  }
  const m = INSTANT_FORM.exec(t);
  if (!m) return undefined;
  const base = utc(m[1]!, m[2]!, m[3]!, m[4], m[5], m[6]);
  if (base === undefined) return undefined;
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  let offset = 0;
  const zone = m[8]?.toUpperCase();
  if (zone && zone !== 'Z') {
    const [hh, mm] = [Number(zone.slice(1, 3)), Number(zone.slice(-2))];
    if (hh > 23 || mm > 59) return undefined;
    offset = (zone.startsWith('-') ? -1 : 1) * (hh * 60 + mm) * 60_000;
  }
  return new Date(base + ms - offset);
}

/** The UTC calendar day of an instant, `YYYY-MM-DD`. */
export const utcDay = (at: Date | number): string => new Date(at).toISOString().slice(0, 10);
