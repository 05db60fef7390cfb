import { InvalidInput } from '../errors.ts';

// Money is integer minor units (bigint) everywhere; decimal strings only at the edges.

/**
 * Minor-unit digits of the currencies that do not have 2, as ICU (Intl.NumberFormat) has them; every
 * other code has 2, as it does in ICU. A table, not Intl: creating the first NumberFormat took about
 * 20 ms of every process, and the meaning of stored minor units must not move with the ICU data of
 * whichever Node runs us. A test holds it equal to Intl for every currency Intl knows.
 */
const MINOR_DIGITS_NOT_TWO: Readonly<Record<string, number>> = Object.freeze({
  ...Object.fromEntries(
    'AFN ALL BIF CLP COP DJF GNF HUF IDR IQD IRR ISK JPY KMF KPW KRW LAK LBP MGA MMK PKR PYG RWF SLL SOS SYP UGX VND VUV XAF XOF XPF YER'
      .split(' ')
      .map((code) => [code, 0]),
  ),
  ...Object.fromEntries('BHD JOD KWD LYD OMR TND'.split(' ').map((code) => [code, 3])),
});

export function currencyExponent(currency: string): number {
  const code = currency.toUpperCase();
  if (!/^[A-Z]{3}$/.test(code)) throw new InvalidInput(`"${currency}" is not a currency code`, { currency });
  return MINOR_DIGITS_NOT_TWO[code] ?? 2;
}

export function isCurrency(code: string): boolean {
  try {
    currencyExponent(code);
    return Intl.supportedValuesOf('currency').includes(code.toUpperCase());
  } catch {
    return false;
  }
}

/** "12.5" USD → 1250n. Rejects signs, garbage and more decimals than the currency has. */
export function parseAmount(text: string, currency: string, opts: { allowZero?: boolean } = {}): bigint {
  const exp = currencyExponent(currency);
  const t = String(text).trim();
  const m = /^(\d{1,15})(?:[.,](\d+))?$/.exec(t);
  if (!m) {
    throw new InvalidInput(
      `"${text}" is not an amount: use digits with an optional decimal point, e.g. 12.50`,
      {
        amount: text,
      },
    );
  }
  const frac = m[2] ?? '';
  if (frac.length > exp) {
    throw new InvalidInput(`"${text}" has more than ${exp} decimal places for ${currency.toUpperCase()}`, {
      amount: text,
      currency,
    });
  }
  const minor = BigInt(m[1]!) * 10n ** BigInt(exp) + BigInt(frac.padEnd(exp, '0') || '0');
  if (minor === 0n && !opts.allowZero)
    throw new InvalidInput('the amount must be greater than zero', { amount: text });
  return minor;
}

/** 1250n USD → "12.50 USD": how staff messages, logs and the English bots show an amount. */
export const formatMoney = (minor: bigint, currency: string): string =>
  `${formatAmount(minor, currency)} ${currency}`;

/** 1250n USD → "12.50"; −5n → "-0.05". */
export function formatAmount(minor: bigint, currency: string): string {
  const exp = currencyExponent(currency);
  const neg = minor < 0n;
  const abs = neg ? -minor : minor;
  if (exp === 0) return `${neg ? '-' : ''}${abs}`;
  const s = abs.toString().padStart(exp + 1, '0');
  return `${neg ? '-' : ''}${s.slice(0, -exp)}.${s.slice(-exp)}`;
}

export function majorUnits(units: number, currency: string): bigint {
  return BigInt(units) * 10n ** BigInt(currencyExponent(currency));
}
