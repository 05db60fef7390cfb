import de from '../../../../locales/de/miniapp.json';
import en from '../../../../locales/en/miniapp.json';

// The app's words in the customer's language (locales/<lang>/miniapp.json), `{name}` filled in.

export type Key = keyof typeof en;
const LANGS = { en, de } as Record<string, Record<Key, string>>;

export type Words = (key: Key, args?: Record<string, string | number>) => string;

export const wordsFor =
  (lang: string): Words =>
  (key, args = {}) =>
    (LANGS[lang] ?? en)[key].replace(/\{(\w+)\}/g, (m, name: string) =>
      name in args ? String(args[name]) : m,
    );

/** Drop times and deadlines are always in UTC, and say so. */
export const utc = (iso: string | null, w: Words) =>
  iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : w('unknown');

/** What the app itself puts into the notice area is text; the API's messages come escaped. */
export const escapeHtml = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** Words for a failed call: a page opened without valid launch data is told where to open it. */
export const problemText = (e: unknown, w: Words) =>
  (e as { status?: number }).status === 401 ? w('signed-out') : (e as Error).message || w('error');
