import { InvalidInput } from '../errors.ts';

// Money is integer minor units (bigint) everywhere; decimal strings only at the edges.

const exponents = new Map<string, number>();

export function currencyExponent(currency: string): number {
  const code = currency.toUpperCase();
  let exp = exponents.get(code);
  if (exp === undefined) {
    if (!/^[A-Z]{3}$/.test(code))
      throw new InvalidInput(`"${currency}" is not a currency code`, { currency });
    try {
      exp = new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions()
        .maximumFractionDigits as number;
    } catch {
      throw new InvalidInput(`"${currency}" is not a currency code`, { currency });
    }
    exponents.set(code, exp);
  }
  return exp;
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
