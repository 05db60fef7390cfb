import { describe, expect, it } from 'vitest';
import {
  InvalidDomainName,
  labelStats,
  normaliseZone,
  parseDomainName,
} from '../../src/domain/domain-name.ts';

const problem = (input: string) => {
  try {
    parseDomainName(input);
    return 'ok';
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidDomainName);
    return (e as InvalidDomainName).problem;
  }
};

describe('parseDomainName', () => {
  it('normalises case, whitespace and a trailing dot', () => {
    const d = parseDomainName('  Example.COM. ');
    expect(d).toMatchObject({ fqdn: 'example.com', label: 'example', zone: 'com', display: 'example.com' });
  });

  it('splits at the first dot, so multi-label and long zones work', () => {
    expect(parseDomainName('shop.us.com')).toMatchObject({ label: 'shop', zone: 'us.com' });
    expect(parseDomainName('my-photo.photography')).toMatchObject({ label: 'my-photo', zone: 'photography' });
    expect(parseDomainName('a.co.uk')).toMatchObject({ label: 'a', zone: 'co.uk' });
  });

  it('converts IDN to punycode and back for display', () => {
    const d = parseDomainName('Müller.de');
    expect(d.fqdn).toBe('xn--mller-kva.de');
    expect(d.label).toBe('xn--mller-kva');
    expect(d.display).toBe('müller.de');
    expect(d.idn).toBe(true);
    expect(parseDomainName('xn--mller-kva.de').display).toBe('müller.de');
  });

  it('counts letters, digits and hyphens of the label', () => {
    expect(labelStats('ab-12-c')).toEqual({ length: 7, letters: 3, digits: 2, hyphens: 2, idn: false });
    expect(parseDomainName('4u2.net')).toMatchObject({ length: 3, letters: 1, digits: 2, hyphens: 0 });
  });

  it('counts an IDN label as it reads, not by its punycode', () => {
    expect(parseDomainName('bücher.de')).toMatchObject({
      label: 'xn--bcher-kva',
      length: 6,
      letters: 6,
      hyphens: 0,
      idn: true,
    });
    expect(labelStats('xn--bcher-kva')).toEqual({ length: 6, letters: 6, digits: 0, hyphens: 0, idn: true });
    expect(parseDomainName('bü-1.de')).toMatchObject({ length: 4, letters: 2, digits: 1, hyphens: 1 });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['example', 'no-zone'],
    ['exa mple.com', 'bad-characters'],
    ['exa_mple.com', 'bad-characters'],
    ['http://example.com', 'bad-characters'],
    ['ex@mple.com', 'bad-characters'],
    ['example..com', 'empty-label'],
    ['.example.com', 'empty-label'],
    ['-example.com', 'hyphen-edge'],
    ['example-.com', 'hyphen-edge'],
    [`${'a'.repeat(64)}.com`, 'label-too-long'],
    [`${'a'.repeat(63)}.com`, 'ok'],
    [`${Array.from({ length: 5 }, () => 'a'.repeat(60)).join('.')}.com`, 'name-too-long'],
    ['example.123', 'bad-zone'],
    ['example.c', 'bad-zone'],
    ["x'; DROP TABLE x;--.com", 'bad-characters'],
  ])('rejects %j as %s', (input, expected) => {
    expect(problem(input)).toBe(expected);
  });

  it('gives a readable reason', () => {
    expect(() => parseDomainName('-bad.com')).toThrow(/starts or ends with a hyphen/);
  });
});

describe('normaliseZone', () => {
  it('accepts dotted, upper-case and multi-label zones', () => {
    expect(normaliseZone('.COM')).toBe('com');
    expect(normaliseZone('us.com')).toBe('us.com');
    expect(normaliseZone('PHOTOGRAPHY')).toBe('photography');
  });
  it('rejects garbage', () => {
    expect(() => normaliseZone('c m')).toThrow(InvalidDomainName);
    expect(() => normaliseZone('123')).toThrow(InvalidDomainName);
  });
});
