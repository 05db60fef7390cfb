import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Message } from '@fluent/bundle';
import { FluentBundle, FluentResource } from '@fluent/bundle';
import { forUser, isDomainError } from '../errors.ts';

// Every user-facing string, in every language, from `locales/<lang>/*.ftl` (Project Fluent: plural
// and select rules live with the translation, not in code). One bundle per language folder.

export type Args = Record<string, string | number>;

export interface I18n {
  /** the language folders found, e.g. ['de', 'en'] */
  readonly languages: readonly string[];
  readonly fallback: string;
  /** a supported language for any stored or platform-reported code ('de-AT' → 'de', unknown → fallback) */
  language(code: string | null | undefined): string;
  has(lang: string, key: string): boolean;
  /** message ids of one language */
  keys(lang: string): string[];
  /** the variables each message of a language uses, for the parity test */
  variables(lang: string, key: string): string[];
  /** throws on an unknown key or a missing argument: both are bugs that tests must catch */
  t(lang: string, key: string, args?: Args): string;
  /** a DomainError (or anything thrown) in words for the user; never throws */
  errorText(lang: string, error: unknown): string;
}

// Details of DomainErrors that are money, as decimal strings in the error's `currency`.
const MONEY_DETAILS = new Set(['needed', 'available', 'minimum', 'amount', 'missing', 'price']);

function loadBundle(lang: string, folder: string): { bundle: FluentBundle; ids: string[] } {
  // Isolation marks (U+2068/9) around every argument would end up inside copied domain names.
  const bundle = new FluentBundle(lang, { useIsolating: false });
  const ids: string[] = [];
  for (const file of readdirSync(folder)
    .filter((f) => f.endsWith('.ftl'))
    .sort()) {
    const path = join(folder, file);
    const source = readFileSync(path, 'utf8');
    const resource = new FluentResource(source);
    // The runtime parser skips what it cannot read; a message that silently vanished is a bug.
    const parsed = new Set(resource.body.map((m) => m.id));
    for (const m of source.matchAll(/^(-?[a-zA-Z][\w-]*)\s*=/gm)) {
      if (!parsed.has(m[1]!)) throw new Error(`${path}: the entry "${m[1]}" has a syntax error`);
    }
    const errors = bundle.addResource(resource);
    if (errors.length) throw new Error(`${path}: ${errors.map((e) => e.message).join('; ')}`);
    ids.push(...resource.body.map((m) => m.id).filter((id) => !id.startsWith('-')));
  }
  return { bundle, ids };
}

type Pattern = NonNullable<Message['value']>;

function patternVariables(pattern: Pattern | null, out: Set<string>): void {
  if (pattern === null || typeof pattern === 'string') return;
  const visit = (e: unknown): void => {
    if (!e || typeof e !== 'object') return;
    const x = e as {
      type?: string;
      name?: string;
      selector?: unknown;
      variants?: Array<{ value: Pattern }>;
      args?: unknown[];
    };
    if (x.type === 'var' && x.name) out.add(x.name);
    if (x.selector) visit(x.selector);
    for (const v of x.variants ?? []) patternVariables(v.value, out);
    for (const a of x.args ?? []) visit(a);
  };
  for (const element of pattern) visit(element);
}

export function createI18n(opts: { dir: string; fallback?: string }): I18n {
  const languages = readdirSync(opts.dir)
    .filter((d) => statSync(join(opts.dir, d)).isDirectory())
    .sort();
  const fallback = opts.fallback ?? 'en';
  if (!languages.includes(fallback))
    throw new Error(`${opts.dir} has no folder for the fallback language "${fallback}"`);
  const loaded = new Map(languages.map((l) => [l, loadBundle(l, join(opts.dir, l))]));
  const bundles = new Map([...loaded].map(([l, b]) => [l, b.bundle]));

  const language = (code: string | null | undefined) => {
    const base = (code ?? '').toLowerCase().split(/[-_]/)[0]!;
    return bundles.has(base) ? base : fallback;
  };
  const message = (lang: string, key: string): { bundle: FluentBundle; msg: Message } | null => {
    const bundle = bundles.get(language(lang))!;
    const msg = bundle.getMessage(key);
    return msg?.value ? { bundle, msg } : null;
  };

  const t = (lang: string, key: string, args: Args = {}) => {
    const found = message(lang, key);
    if (!found) throw new Error(`no text "${key}" in language "${language(lang)}"`);
    return found.bundle.formatPattern(found.msg.value!, args);
  };

  return {
    languages,
    fallback,
    language,
    has: (lang, key) => message(lang, key) !== null,
    keys: (lang) => [...(loaded.get(lang)?.ids ?? [])],
    variables(lang, key) {
      const out = new Set<string>();
      const found = message(lang, key);
      if (found) {
        patternVariables(found.msg.value, out);
        for (const attr of Object.values(found.msg.attributes)) patternVariables(attr, out);
      }
      return [...out].sort();
    },
    t,
    errorText(lang, raw) {
      const error = forUser(raw);
      if (!isDomainError(error)) return t(lang, 'error-internal');
      const args: Args = { message: error.message };
      const currency = typeof error.details.currency === 'string' ? error.details.currency : undefined;
      for (const [k, v] of Object.entries(error.details)) {
        if (v === null || v === undefined) continue;
        if (currency && MONEY_DETAILS.has(k) && typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) {
          args[k] = new Intl.NumberFormat(language(lang), { style: 'currency', currency }).format(
            v as `${number}`,
          );
        } else {
          args[k] = typeof v === 'boolean' ? String(v) : v;
        }
      }
      const found = message(lang, `error-${error.code}`);
      if (found) {
        // Details vary by the place that threw; a text whose arguments are missing falls back.
        const errors: Error[] = [];
        const text = found.bundle.formatPattern(found.msg.value!, args, errors);
        if (errors.length === 0) return text;
      }
      return t(lang, 'error-generic', { message: error.message });
    },
  };
}
