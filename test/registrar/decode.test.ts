import { describe, expect, it } from 'vitest';
import { parseApiDate } from '../../src/registrar/wire/decode.ts';

// vitest runs with TZ=America/New_York: a date read in local time would be off by hours.
describe('registrar timestamps (HEXONET, CNR)', () => {
  it.each([
    ['2030-01-02 03:04:05', '2030-01-02T03:04:05.000Z'],
    ['2030-01-02 03:04:05.0', '2030-01-02T03:04:05.000Z'],
    ['2030-07-02T23:59:59', '2030-07-02T23:59:59.000Z'],
    ['2030-01-02', '2030-01-02T00:00:00.000Z'],
  ])('reads %s as UTC', (text, iso) => {
    expect(parseApiDate(text)?.toISOString()).toBe(iso);
  });

  it.each(['', 'tomorrow', '2030-02-30 00:00:00', '02.01.2030', '2030-01-02 3:04:05'])(
    'rejects %j',
    (text) => {
      expect(parseApiDate(text)).toBeUndefined();
    },
  );
});
