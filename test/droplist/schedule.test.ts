import { describe, expect, it } from 'vitest';
import { isDropListStale, lastImportSlot } from '../../src/droplist/schedule.ts';

const at = (iso: string) => new Date(iso);

describe('drop-list schedule (00:01 and 10:01 UTC)', () => {
  it.each([
    ['2026-12-01T00:00:59Z', '2026-11-30T10:01:00Z'],
    ['2026-12-01T00:01:00Z', '2026-12-01T00:01:00Z'],
    ['2026-12-01T09:59:00Z', '2026-12-01T00:01:00Z'],
    ['2026-12-01T10:01:00Z', '2026-12-01T10:01:00Z'],
    ['2026-12-01T23:59:59Z', '2026-12-01T10:01:00Z'],
    ['2027-01-01T00:00:00Z', '2026-12-31T10:01:00Z'],
  ])('the latest slot at %s is %s', (now, slot) => {
    expect(lastImportSlot(at(now)).toISOString()).toBe(new Date(slot).toISOString());
  });

  it('calls a list stale when missing or older than the latest slot', () => {
    expect(isDropListStale(null, at('2026-12-01T12:00:00Z'))).toBe(true);
    expect(isDropListStale(at('2026-12-01T10:00:00Z'), at('2026-12-01T12:00:00Z'))).toBe(true);
    expect(isDropListStale(at('2026-12-01T10:01:00Z'), at('2026-12-01T12:00:00Z'))).toBe(false);
    expect(isDropListStale(at('2026-12-01T10:05:00Z'), at('2026-12-02T00:00:30Z'))).toBe(false);
    expect(isDropListStale(at('2026-12-01T10:05:00Z'), at('2026-12-02T00:01:00Z'))).toBe(true);
  });
});
