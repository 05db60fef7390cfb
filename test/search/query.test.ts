import { describe, expect, it } from 'vitest';
import { InvalidInput } from '../../src/errors.ts';
import { parseSearchQuery } from '../../src/search/query.ts';

// The shared query object: what it accepts, how it normalises, and that every bad input is
// refused with a message naming the field (in the caller's words when given).

const problem = (input: unknown, names = {}) => {
  try {
    parseSearchQuery(input, names);
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidInput);
    return (e as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(input)}`);
};

describe('search query', () => {
  it('has defaults: future drops, soonest first, page 1 of 20', () => {
    expect(parseSearchQuery({})).toEqual({
      keyword: undefined,
      zones: [],
      ranges: { length: {}, letters: {}, digits: {}, hyphens: {} },
      excludeIdn: false,
      minScore: 0,
      from: undefined,
      to: undefined,
      includePast: false,
      sort: 'dropAt',
      order: 'asc',
      page: 1,
      pageSize: 20,
    });
  });

  it.each([
    ['car', { segments: ['car'], anchoredStart: false, anchoredEnd: false }],
    ['  CaR ', { segments: ['car'], anchoredStart: false, anchoredEnd: false }],
    ['car*', { segments: ['car'], anchoredStart: true, anchoredEnd: false }],
    ['*car', { segments: ['car'], anchoredStart: false, anchoredEnd: true }],
    ['c*r', { segments: ['c', 'r'], anchoredStart: true, anchoredEnd: true }],
    ['*c**r*', { segments: ['c', 'r'], anchoredStart: false, anchoredEnd: false }],
    ['münchen', { segments: ['xn--mnchen-3ya'], anchoredStart: false, anchoredEnd: false }],
  ])('keyword %j', (keyword, pattern) => {
    expect(parseSearchQuery({ keyword }).keyword).toMatchObject(pattern);
  });

  it('treats an empty keyword or a lone star as no keyword', () => {
    expect(parseSearchQuery({ keyword: '' }).keyword).toBeUndefined();
    expect(parseSearchQuery({ keyword: '**' }).keyword).toBeUndefined();
  });

  it('normalises zones and drops repeats', () => {
    expect(parseSearchQuery({ zones: ['.COM', 'co.uk', 'com', 'рф'] }).zones).toEqual([
      'co.uk',
      'com',
      'xn--p1ai',
    ]);
  });

  it('reads counts from numbers and from text, and folds the flags into ranges', () => {
    const q = parseSearchQuery({ minLength: '3', maxLength: 8, noHyphens: true, digitsOnly: true });
    expect(q.ranges).toEqual({
      length: { min: 3, max: 8 },
      letters: { max: 0 },
      digits: {},
      hyphens: { max: 0 },
    });
    expect(parseSearchQuery({ noDigits: true }).ranges.digits).toEqual({ max: 0 });
    expect(parseSearchQuery({ pageSize: '100', page: '7' })).toMatchObject({ pageSize: 100, page: 7 });
  });

  it('takes a date as a whole UTC day at either end, whatever the process zone', () => {
    const q = parseSearchQuery({ from: '2026-12-01', to: '2026-12-03' });
    expect(q.from?.toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(q.to?.toISOString()).toBe('2026-12-03T23:59:59.999Z');
  });

  it.each([
    ['2026-12-01T10:30:00Z', '2026-12-01T10:30:00.000Z'],
    ['2026-12-01T10:30:00.250+02:00', '2026-12-01T08:30:00.250Z'],
    ['2026-12-01T10:30-0130', '2026-12-01T12:00:00.000Z'],
    ['2026-12-01T10:30:00', '2026-12-01T10:30:00.000Z'],
    ['2026-12-01 10:30:00', '2026-12-01T10:30:00.000Z'],
  ])('takes the instant %s as %s (no offset = UTC)', (text, iso) => {
    expect(parseSearchQuery({ from: text }).from?.toISOString()).toBe(iso);
    expect(parseSearchQuery({ to: text }).to?.toISOString()).toBe(iso);
  });

  it('accepts Date objects from the bots as they are', () => {
    const at = new Date('2026-12-01T10:30:00.123Z');
    expect(parseSearchQuery({ from: at, to: at })).toMatchObject({ from: at, to: at });
  });

  it.each([
    [{ minLength: 'x' }, /minLength: must be a whole number from 0 to 63 \(got "x"\)/],
    [{ maxDigits: -1 }, /maxDigits: must be a whole number from 0 to 63/],
    [{ minHyphens: 64 }, /minHyphens: must be a whole number from 0 to 63/],
    [{ maxLetters: 2.5 }, /maxLetters: must be a whole number/],
    [{ minLength: 5, maxLength: 3 }, /minLength: 5 is more than maxLength is 3/],
    [{ minDigits: 1, noDigits: true }, /minDigits: 1 is more than noDigits allows 0/],
    [{ minLetters: 1, digitsOnly: true }, /minLetters: 1 is more than digitsOnly allows 0/],
    [{ noDigits: true, digitsOnly: true }, /digitsOnly: cannot be combined with noDigits/],
    [{ sort: 'price' }, /sort: must be one of fqdn, dropAt, length, digits, hyphens/],
    [{ order: 'up' }, /order: must be asc or desc/],
    [{ pageSize: 0 }, /pageSize: must be a whole number from 1 to 100/],
    [{ pageSize: 101 }, /pageSize: must be a whole number from 1 to 100/],
    [{ page: 0 }, /page: must be a whole number from 1/],
    [{ from: '2026-13-45' }, /from: must be a date YYYY-MM-DD or an ISO-8601 instant \(got "2026-13-45"\)/],
    [{ to: '2026-02-29' }, /to: must be a date/],
    [{ from: '2026-12-01T24:00:00Z' }, /from: must be a date/],
    [{ from: 'tomorrow' }, /from: must be a date/],
    [{ from: new Date('nope') }, /from: must be a date/],
    [
      { from: '2026-12-02', to: '2026-12-01' },
      /from: 2026-12-02T00:00:00.000Z is after the end of the range/,
    ],
    [{ keyword: 'car.com' }, /keyword: "car.com" matches the label only/],
    [{ keyword: 'ca_r' }, /keyword: "ca_r" contains characters a domain name cannot have/],
    [{ keyword: 'ca%' }, /contains characters a domain name cannot have/],
    [{ keyword: 'mü*' }, /with \* must be in ASCII or punycode/],
    [{ keyword: 'x'.repeat(64) }, /longer than a label can be/],
    [{ zones: ['bad zone'] }, /zones: "bad zone" is not a valid zone/],
    [{ zones: 'com' }, /zones:/],
    [{ excludeIdn: 'yes' }, /excludeIdn:/],
    [{ limit: 5 }, /Unrecognized key/],
  ])('refuses %j', (input, message) => {
    expect(problem(input)).toMatch(message);
  });

  it('names every problem at once', () => {
    expect(problem({ sort: 'price', pageSize: 500 })).toMatch(/sort: .*; pageSize: /);
  });

  it("speaks the caller's names for the fields", () => {
    const names = { minLength: '--min-length', maxLength: '--max-length', from: '--from', to: '--to' };
    expect(problem({ minLength: 9, maxLength: 2 }, names)).toMatch(
      /--min-length: 9 is more than --max-length is 2/,
    );
    expect(problem({ minLength: 'x' }, names)).toMatch(/--min-length: must be a whole number from 0 to 63/);
  });
});
