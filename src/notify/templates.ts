import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type Handlebars from 'handlebars';
import { utcText } from '../clock.ts';
import { displayName } from '../domain/domain-name.ts';
import { formatAmount } from '../domain/money.ts';
import { SHIPPED_TEMPLATES } from '../paths.ts';
import type { ChannelSpec, Format } from './channel.ts';
import { ESCAPE } from './escape.ts';
import { COMMUNITY_EVENTS, CUSTOMER_EVENTS, type EventKind, STAFF_EVENTS } from './events.ts';
import type { Args, I18n } from './i18n.ts';
import type { Audience } from './outbox.ts';
import { isEventKind, parsePayload } from './payloads.ts';

// templates/<channel>/<kind>.hbs, compiled once at start. Every {{value}} goes through the escaping
// of the channel's format (HTML, Slack mrkdwn, Discord markdown): Handlebars' built-in escaping is
// HTML only, so each escaped mustache is rewritten into a call of the channel's escape helper
// before compiling. A file of the same name under TEMPLATES_DIR replaces the shipped one.

const EVENTS_OF: Record<Audience, readonly EventKind[]> = {
  CUSTOMER: CUSTOMER_EVENTS,
  STAFF: STAFF_EVENTS,
  COMMUNITY: COMMUNITY_EVENTS,
};

/** Which kinds a channel must be able to render: those of every audience it carries. */
export function requiredKinds(audiences: readonly Audience[]): EventKind[] {
  return audiences.flatMap((a) => EVENTS_OF[a]);
}

export interface Renderer {
  has(channel: string, kind: string): boolean;
  /** text in the channel's format; throws when the payload does not match the catalogue */
  render(channel: string, kind: EventKind, payloadJson: string, lang: string): string;
  /** the translation keys a template uses (each checked at load in every language) */
  keys(channel: string, kind: string): string[];
  /** where each template came from, for the start-up log and tests */
  source(channel: string, kind: string): string | undefined;
}

interface Compiled {
  template: Handlebars.TemplateDelegate;
  keys: string[];
  path: string;
}

const ESC = '__esc';
const HELPERS = ['money', 'date', 'unix', 'domain', 't', ESC];
const OPTIONS = { strict: true, noEscape: true, data: true } as const;

type Node = hbs.AST.Node & Record<string, unknown>;

/** `{{x}}` → `{{__esc x "x"}}`, `{{h a b}}` → `{{__esc (h a b) "h"}}`; `{{{raw}}}` stays raw. */
function rewrite(node: Node): void {
  if (node.type === 'Program') for (const n of (node as unknown as hbs.AST.Program).body) rewrite(n as Node);
  if (node.type === 'BlockStatement') {
    const b = node as unknown as hbs.AST.BlockStatement;
    if (b.program) rewrite(b.program as unknown as Node);
    if (b.inverse) rewrite(b.inverse as unknown as Node);
  }
  if (node.type !== 'MustacheStatement') return;
  const m = node as unknown as hbs.AST.MustacheStatement & { escaped: boolean };
  if (!m.escaped) return;
  const path = m.path as hbs.AST.PathExpression;
  const name = path.original ?? String((m.path as hbs.AST.Literal & { value?: unknown }).value);
  const isCall = m.params.length > 0 || (m.hash?.pairs.length ?? 0) > 0 || HELPERS.includes(name);
  const value = isCall
    ? { type: 'SubExpression', path: m.path, params: m.params, hash: m.hash, loc: m.loc }
    : m.path;
  m.path = {
    type: 'PathExpression',
    data: false,
    depth: 0,
    parts: [ESC],
    original: ESC,
    loc: m.loc,
  } as hbs.AST.PathExpression;
  m.params = [
    value as hbs.AST.Expression,
    { type: 'StringLiteral', value: name, original: name, loc: m.loc } as hbs.AST.StringLiteral,
  ];
  m.hash = undefined as unknown as hbs.AST.Hash;
}

/** The literal keys of every `t` call; a computed key could not be checked, so it is refused. */
function translationKeys(node: unknown, out: Set<string>, file: string): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const n of node) translationKeys(n, out, file);
    return;
  }
  const n = node as {
    type?: string;
    path?: { original?: string };
    params?: Array<{ type: string; value?: unknown }>;
  };
  if (
    (n.type === 'MustacheStatement' || n.type === 'SubExpression' || n.type === 'BlockStatement') &&
    n.path?.original === 't'
  ) {
    const key = n.params?.[0];
    if (key?.type !== 'StringLiteral') throw new Error(`${file}: {{t}} needs a literal key`);
    out.add(String(key.value));
  }
  for (const [k, v] of Object.entries(node)) if (k !== 'loc') translationKeys(v, out, file);
}

// Handlebars compiles lazily on first use; these are the steps its own compile() runs, done now so
// a broken template stops the start instead of a delivery.
interface CompilerParts {
  Compiler: new () => { compile(ast: hbs.AST.Program, options: object): unknown };
  JavaScriptCompiler: new () => {
    compile(env: unknown, options: object, context: undefined, asObject: true): unknown;
  };
  template(spec: unknown): Handlebars.TemplateDelegate;
}

function registerHelpers(env: typeof Handlebars, format: Format, i18n: I18n): void {
  const lang = (options: Handlebars.HelperOptions) => i18n.language((options.data as { lang?: string }).lang);
  env.registerHelper(ESC, (value: unknown, name: string) => {
    if (value === undefined) throw new Error(`"${name}" is not defined`);
    return value === null ? '' : ESCAPE[format](String(value));
  });
  // {{money amount currency}} or {{money moneyObject}}: minor units in the recipient's locale
  env.registerHelper('money', (...args: unknown[]) => {
    const options = args.pop() as Handlebars.HelperOptions;
    const [a, b] = args as [unknown, unknown];
    const { amount, currency } =
      a && typeof a === 'object' ? (a as { amount: unknown; currency: unknown }) : { amount: a, currency: b };
    if (typeof amount !== 'string' || !/^-?\d+$/.test(amount) || typeof currency !== 'string') {
      throw new Error(`money needs minor units and a currency, got ${JSON.stringify([amount, currency])}`);
    }
    const decimal = formatAmount(BigInt(amount), currency) as `${number}`;
    return new Intl.NumberFormat(lang(options), { style: 'currency', currency }).format(decimal);
  });
  // UTC always, and saying so: the reader's zone is unknown, the process's must never matter
  env.registerHelper('date', (iso: unknown, options: Handlebars.HelperOptions) => {
    if (iso === null) return i18n.t(lang(options), 'date-unknown');
    const d = new Date(String(iso));
    if (typeof iso !== 'string' || Number.isNaN(d.getTime()))
      throw new Error(`date needs an ISO instant, got ${iso}`);
    return utcText(d);
  });
  // seconds since the epoch, for platforms that show an instant in each reader's own zone (`<t:…>`)
  env.registerHelper('unix', (iso: unknown) => {
    const d = new Date(String(iso));
    if (typeof iso !== 'string' || Number.isNaN(d.getTime()))
      throw new Error(`unix needs an ISO instant, got ${iso}`);
    return String(Math.floor(d.getTime() / 1000));
  });
  env.registerHelper('domain', (fqdn: unknown) => {
    if (typeof fqdn !== 'string') throw new Error(`domain needs a name, got ${fqdn}`);
    return displayName(fqdn);
  });
  env.registerHelper('t', (key: string, options: Handlebars.HelperOptions) => {
    const args: Args = {};
    for (const [k, v] of Object.entries(options.hash as Record<string, unknown>)) {
      if (v === undefined) throw new Error(`{{t "${key}"}}: argument ${k} is not defined`);
      args[k] = typeof v === 'number' ? v : String(v ?? '');
    }
    return i18n.t(lang(options), key, args);
  });
}

/** The channels' templates, compiled and checked now: a missing or broken one stops the start. */
export function createRenderer(opts: {
  i18n: I18n;
  channels: ReadonlyArray<Pick<ChannelSpec, 'name' | 'format' | 'audiences'>>;
  overrideDir?: string | undefined;
  shippedDir?: string;
}): Renderer {
  // Loaded here, by whoever renders (the dispatcher, once): a CLI command builds the core without
  // rendering anything, and Handlebars' compiler was 300 kB of every command's JavaScript.
  const handlebars = createRequire(import.meta.url)('handlebars') as typeof Handlebars;
  const shipped = opts.shippedDir ?? SHIPPED_TEMPLATES;
  const compiled = new Map<string, Compiled>();
  const id = (channel: string, kind: string) => `${channel}/${kind}`;

  for (const { name: channel, format, audiences } of opts.channels) {
    const env = handlebars.create();
    registerHelpers(env, format, opts.i18n);
    const parts = env as unknown as CompilerParts;
    const files = new Map<string, string>();
    for (const dir of [join(shipped, channel), opts.overrideDir && join(opts.overrideDir, channel)]) {
      if (!dir || !existsSync(dir)) continue;
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.hbs'))) {
        const kind = file.slice(0, -4);
        if (!isEventKind(kind)) throw new Error(`${join(dir, file)}: "${kind}" is not an event kind`);
        files.set(kind, join(dir, file));
      }
    }
    for (const kind of requiredKinds(audiences)) {
      if (!files.has(kind)) throw new Error(`no template ${channel}/${kind}.hbs in ${shipped}`);
    }
    for (const [kind, path] of files) {
      try {
        const ast = env.parse(readFileSync(path, 'utf8')) as hbs.AST.Program;
        const keys = new Set<string>();
        translationKeys(ast, keys, path);
        for (const lang of opts.i18n.languages) {
          for (const key of keys)
            if (!opts.i18n.has(lang, key)) throw new Error(`no text "${key}" in language "${lang}"`);
        }
        rewrite(ast as unknown as Node);
        const spec = new parts.JavaScriptCompiler().compile(
          new parts.Compiler().compile(ast, OPTIONS),
          OPTIONS,
          undefined,
          true,
        );
        compiled.set(id(channel, kind), { template: parts.template(spec), keys: [...keys].sort(), path });
      } catch (e) {
        throw new Error(`template ${path}: ${(e as Error).message}`);
      }
    }
  }

  return {
    has: (channel, kind) => compiled.has(id(channel, kind)),
    keys: (channel, kind) => compiled.get(id(channel, kind))?.keys ?? [],
    source: (channel, kind) => compiled.get(id(channel, kind))?.path,
    render(channel, kind, payloadJson, lang) {
      const c = compiled.get(id(channel, kind));
      if (!c) throw new Error(`no template ${channel}/${kind}`);
      const context = parsePayload(kind, payloadJson);
      return c.template(context, { data: { lang: opts.i18n.language(lang) } }).trim();
    },
  };
}
