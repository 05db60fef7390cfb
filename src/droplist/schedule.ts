import { DAY, HOUR, MINUTE } from '../clock.ts';

// HEXONET publishes the list twice a day; the import runs a minute after each publication.

/** croner pattern (UTC) for the import job: 00:01 and 10:01. */
export const IMPORT_CRON = '1 0,10 * * *';
const SLOTS_MS = [10 * HOUR + MINUTE, MINUTE];

/** The latest scheduled import time at or before `now`. */
export function lastImportSlot(now: Date): Date {
  const today = Math.floor(now.getTime() / DAY) * DAY;
  for (const day of [today, today - DAY]) {
    for (const offset of SLOTS_MS) {
      if (day + offset <= now.getTime()) return new Date(day + offset);
    }
  }
  throw new Error('unreachable: yesterday 10:01 always precedes now');
}

/** True when there is no list yet or it predates the latest publication (start-up imports then). */
export function isDropListStale(lastImportAt: Date | null | undefined, now: Date): boolean {
  return !lastImportAt || lastImportAt < lastImportSlot(now);
}
