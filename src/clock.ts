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
