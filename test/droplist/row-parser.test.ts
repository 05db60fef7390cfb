import { describe, expect, it } from 'vitest';
import { parseDropLine, parseDropTime } from '../../src/droplist/row-parser.ts';

const row = (line: string, first = false) => {
  const r = parseDropLine(line, first);
  if (r.kind !== 'row') throw new Error(`expected a row, got ${JSON.stringify(r)}`);
  return r.row;
};
const reason = (line: string, first = false) => {
  const r = parseDropLine(line, first);
  if (r.kind !== 'reject') throw new Error(`expected a rejection, got ${JSON.stringify(r)}`);
  return r.reason;
};

describe('parseDropTime', () => {
  it('turns the UTC wall time into ISO-8601 UTC', () => {
    expect(parseDropTime('2026-12-01 19:05:09')).toBe('2026-12-01T19:05:09.000Z');
    expect(parseDropTime('2026-12-01T00:00:00')).toBe('2026-12-01T00:00:00.000Z');
  });

  it('knows month lengths and leap years', () => {
    expect(parseDropTime('2028-02-29 10:00:00')).toBe('2028-02-29T10:00:00.000Z');
    expect(parseDropTime('2000-02-29 10:00:00')).toBe('2000-02-29T10:00:00.000Z');
    expect(parseDropTime('2027-02-29 10:00:00')).toBeUndefined();
    expect(parseDropTime('2100-02-29 10:00:00')).toBeUndefined();
    expect(parseDropTime('2026-04-31 10:00:00')).toBeUndefined();
    expect(parseDropTime('2026-12-31 23:59:59')).toBe('2026-12-31T23:59:59.000Z');
  });

  it.each([
    '',
    '2026-12-01',
    '2026-12-01 10:00',
    '2026-12-01 10:00:00Z',
    '2026/12/01 10:00:00',
    '2026-13-01 10:00:00',
    '2026-00-01 10:00:00',
    '2026-12-00 10:00:00',
    '2026-12-01 24:00:00',
    '2026-12-01 10:60:00',
    '2026-12-01 10:00:60',
    '2026-1a-01 10:00:00',
    '01.12.2026 10:00:00',
  ])('refuses %j', (text) => {
    expect(parseDropTime(text)).toBeUndefined();
  });
});

describe('parseDropLine', () => {
  it('reads name, zone, label statistics and drop time; further columns are ignored', () => {
    expect(row('best-shop24.com;2026-12-01 19:05:00;extra;columns')).toEqual({
      fqdn: 'best-shop24.com',
      label: 'best-shop24',
      zone: 'com',
      dropAt: '2026-12-01T19:05:00.000Z',
      length: 11,
      letters: 8,
      digits: 2,
      hyphens: 1,
      idn: false,
      // scored by the importer, which knows the zone bonuses
      score: 0,
    });
  });

  it('splits multi-label and long zones at the first dot', () => {
    expect(row('acme.us.com;2026-12-01 10:00:00')).toMatchObject({ label: 'acme', zone: 'us.com' });
    expect(row('acme.co.uk;2026-12-01 10:00:00')).toMatchObject({ label: 'acme', zone: 'co.uk' });
    expect(row('acme.photography;2026-12-01 10:00:00')).toMatchObject({ label: 'acme', zone: 'photography' });
  });

  it('tolerates CRLF, blanks around fields, quotes and upper case', () => {
    expect(row('  "Example.COM" ; "2026-12-01 10:00:00" \r')).toMatchObject({
      fqdn: 'example.com',
      dropAt: '2026-12-01T10:00:00.000Z',
    });
  });

  it('stores IDN names in punycode, whether the file has them in Unicode or not', () => {
    expect(row('bücher.de;2026-12-01 10:00:00')).toMatchObject({ fqdn: 'xn--bcher-kva.de', idn: true });
    expect(row('xn--bcher-kva.de;2026-12-01 10:00:00')).toMatchObject({
      fqdn: 'xn--bcher-kva.de',
      idn: true,
    });
  });

  it('ignores a byte-order mark at the start of the file', () => {
    expect(parseDropLine('\ufeffdomain;drop_date', true)).toEqual({ kind: 'skip' });
    expect(row('\ufeffexample.com;2026-12-01 10:00:00', true)).toMatchObject({ fqdn: 'example.com' });
  });

  it('skips a header and blank lines without counting them as bad', () => {
    expect(parseDropLine('domain;drop_date', true)).toEqual({ kind: 'skip' });
    expect(parseDropLine('Domain Name', true)).toEqual({ kind: 'skip' });
    expect(parseDropLine('', false)).toEqual({ kind: 'skip' });
    expect(parseDropLine('  \r', false)).toEqual({ kind: 'skip' });
  });

  it('takes a header only on the first line', () => {
    expect(reason('domain;drop_date')).toMatch(/invalid name "domain"/);
  });

  it('rejects garbage, bad names and bad times with a reason naming the problem', () => {
    expect(reason('just some text')).toMatch(/no ";"/);
    expect(reason('ex ample.com;2026-12-01 10:00:00')).toMatch(
      /invalid name "ex ample.com" \(bad-characters\)/,
    );
    expect(reason('-bad.com;2026-12-01 10:00:00')).toMatch(/hyphen-edge/);
    expect(reason(`${'a'.repeat(64)}.com;2026-12-01 10:00:00`)).toMatch(/label-too-long/);
    expect(reason('example;2026-12-01 10:00:00')).toMatch(/no-zone/);
    expect(reason('example.com;2026-02-30 10:00:00')).toMatch(
      /invalid drop time "2026-02-30 10:00:00" for example.com/,
    );
    expect(reason('example.com;')).toMatch(/invalid drop time ""/);
  });

  it('keeps reasons short for absurd lines', () => {
    expect(reason(`${'x'.repeat(5000)} garbage`).length).toBeLessThan(200);
  });
});
