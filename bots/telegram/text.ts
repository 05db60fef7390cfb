import { ESCAPE, formatAmount, type I18n, utcText } from '../../src/index.ts';
import type { Lang } from './context.ts';

// Words for one customer. Messages go out in Telegram's HTML parse mode, so every value put into a
// text (names from the drop list, what people typed, error details) is escaped here, once; the
// locale strings themselves may use <b> and <i>. Buttons and toasts are plain text: not escaped.

export const esc = ESCAPE.html;

/** Markup we made ourselves (a list, a nested text): put into another text as it is. */
export class Html {
  constructor(readonly html: string) {}
}

type Arg = string | number | Html;
export type Args = Record<string, Arg>;

/** UTC always, and saying so: the reader's zone is unknown, the process's must never matter. */

/** The language we speak to someone whose Telegram app reports `code` (de-AT → de, fr → en). */
export const langOf = (i18n: I18n, code: string | null | undefined): Lang =>
  i18n.language(code) === 'de' ? 'de' : 'en';

/** Building a NumberFormat costs far more than using one: one per language and currency, kept. */
const moneyFormats = new Map<string, Intl.NumberFormat>();
const moneyFormat = (lang: Lang, currency: string) => {
  const key = `${lang}:${currency}`;
  let f = moneyFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lang, { style: 'currency', currency });
    moneyFormats.set(key, f);
  }
  return f;
};

export function textFor(i18n: I18n, lang: Lang) {
  const plainArgs = (args: Args) =>
    Object.fromEntries(Object.entries(args).map(([k, v]) => [k, v instanceof Html ? v.html : v]));
  return {
    lang,
    /** HTML: string arguments are escaped, Html ones kept */
    t(key: string, args: Args = {}): string {
      const safe = Object.fromEntries(
        Object.entries(args).map(([k, v]) => [
          k,
          typeof v === 'string' ? esc(v) : v instanceof Html ? v.html : v,
        ]),
      );
      return i18n.t(lang, key, safe);
    },
    /** plain text for buttons, toasts and Telegram's own dialogs */
    label: (key: string, args: Args = {}) => i18n.t(lang, key, plainArgs(args)),
    /** a DomainError (or anything) in the customer's language, escaped */
    error: (e: unknown) => esc(i18n.errorText(lang, e)),
    /** the same, as plain text */
    errorLabel: (e: unknown) => i18n.errorText(lang, e),
    money(minor: bigint, currency: string): string {
      return moneyFormat(lang, currency).format(formatAmount(minor, currency) as `${number}`);
    },
    date: (d: Date | null) => (d ? utcText(d) : i18n.t(lang, 'date-unknown')),
  };
}

export type Text = ReturnType<typeof textFor>;
