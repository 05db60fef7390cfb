// Time is read only through a Clock, so tests and `batch --now` can set it; every Date is UTC.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(
  start: Date | string,
): Clock & { set(at: Date | string): void; advance(ms: number): void } {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set: (at) => {
      current = new Date(at);
    },
    advance: (ms) => {
      current = new Date(current.getTime() + ms);
    },
  };
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** "2026-12-01 14:00 UTC": how people read an instant, whatever their zone or the process's. */
export const utcText = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** The number written by `n` digits at `at`. */
function digitsAt(s: string, at: number, n: number): number {
  let v = 0;
  for (let k = at; k < at + n; k++) v = v * 10 + s.charCodeAt(k) - 48;
  return v;
}

/**
 * `YYYY-MM-DD HH:MM:SS[.fff]` (a `T` between the two is read alike) at `from`, ending before `to`,
 * as UTC epoch ms. Unchecked, for text a machine wrote (PostgreSQL's COPY, the row parser's ISO
 * form), read a million times per list: by character position, no regular expression.
 */
export function epochMs(s: string, from: number, to: number): number {
  const ms = to - from > 20 ? Number(s.slice(from + 20, to).padEnd(3, '0')) : 0;
  const day = Date.UTC(digitsAt(s, from, 4), digitsAt(s, from + 5, 2) - 1, digitsAt(s, from + 8, 2));
  const seconds =
    (digitsAt(s, from + 11, 2) * 60 + digitsAt(s, from + 14, 2)) * 60 + digitsAt(s, from + 17, 2);
  return day + seconds * 1000 + ms;
}

/**
 * The UTC instant (ms) of a calendar date and time given as digits, or undefined when the calendar
 * has no such moment: Date.UTC rolls 2026-02-30 over to March, a round trip shows it did.
 */
export function utcCalendar(
  y: string,
  mo: string,
  d: string,
  h: string | undefined = '0',
  mi: string | undefined = '0',
  s: string | undefined = '0',
): number | undefined {
  const [Y, M, D, H, I, S] = [y, mo, d, h, mi, s].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const t = Date.UTC(Y, M - 1, D, H, I, S);
  const back = new Date(t);
  const real =
    back.getUTCFullYear() === Y &&
    back.getUTCMonth() === M - 1 &&
    back.getUTCDate() === D &&
    H < 24 &&
    I < 60 &&
    S < 60;
  return real ? t : undefined;
}
