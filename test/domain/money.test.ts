import { describe, expect, it } from 'vitest';
import { currencyExponent, formatAmount, parseAmount } from '../../src/domain/money.ts';
import { InvalidInput } from '../../src/errors.ts';

describe('money', () => {
  it.each([
    ['12.5', 'USD', 1250n],
    ['12.50', 'USD', 1250n],
    ['12', 'USD', 1200n],
    ['0.01', 'EUR', 1n],
    ['1,5', 'EUR', 150n],
    ['500', 'JPY', 500n],
    ['1.234', 'BHD', 1234n],
  ])('parses %s %s as %s minor units', (text, currency, minor) => {
    expect(parseAmount(text, currency)).toBe(minor);
  });

  it.each([
    ['abc', 'USD', /not an amount/],
    ['-5', 'USD', /not an amount/],
    ['1.234', 'USD', /more than 2 decimal places/],
    ['1.5', 'JPY', /more than 0 decimal places/],
    ['1e3', 'USD', /not an amount/],
    ['0', 'USD', /greater than zero/],
    ['5', 'XX', /not a currency/],
  ])('rejects %s %s', (text, currency, message) => {
    expect(() => parseAmount(text, currency)).toThrow(InvalidInput);
    expect(() => parseAmount(text, currency)).toThrow(message);
  });

  it("has every currency's minor-unit digits as Intl formats them (its table would otherwise drift from ICU)", () => {
    const codes = [...Intl.supportedValuesOf('currency'), 'ZZZ'];
    expect(codes.length).toBeGreaterThan(100);
    const digits = (code: string) =>
      new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions()
        .maximumFractionDigits;
    expect(Object.fromEntries(codes.map((c) => [c, currencyExponent(c.toLowerCase())]))).toEqual(
      Object.fromEntries(codes.map((c) => [c, digits(c)])),
    );
  });

  it('allows zero when asked (a price of 0 means not offered)', () => {
    expect(parseAmount('0', 'USD', { allowZero: true })).toBe(0n);
  });

  it('formats minor units as decimal strings without floats', () => {
    expect(formatAmount(1250n, 'USD')).toBe('12.50');
    expect(formatAmount(-5n, 'USD')).toBe('-0.05');
    expect(formatAmount(500n, 'JPY')).toBe('500');
    expect(formatAmount(9_007_199_254_740_993n, 'USD')).toBe('90071992547409.93');
  });
});
