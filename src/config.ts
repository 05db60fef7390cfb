import { z } from 'zod';
import { maskUrlSecrets, mayHoldSecrets } from './secrets.ts';

// The one place that reads the environment. Every variable of INTERFACES.md is parsed here, once,
// into a typed object; a bad value stops the start with one message naming every bad variable.

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const url = (protocols: string[]) =>
  z
    .string()
    .trim()
    .refine(
      (v) => {
        try {
          return protocols.includes(new URL(v).protocol);
        } catch {
          return false;
        }
      },
      `must be a ${protocols.join(' or ')} URL`,
    );

const optionalUrl = (protocols: string[]) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), url(protocols).optional());

const number = (what = 'a number') => z.coerce.number({ error: `must be ${what}` });
const port = number('a port number from 0 to 65535').int().min(0).max(65535);
/** a retention period: whole days, at least 1 (at most 100 years, so a cut-off date stays a date) */
const days = (fallback: number) => {
  const what = 'a whole number of days from 1 to 36500';
  const error = `must be ${what}`;
  return number(what).int({ error }).min(1, { error }).max(36_500, { error }).default(fallback);
};
const currency = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase())
  .pipe(z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code'));
const flag = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no'], { error: 'must be 1 or 0' })
  .optional()
  .transform((v) => v === '1' || v === 'true' || v === 'yes');
const commaList = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );

export const configSchema = z
  .object({
    DATABASE_URL: z
      .string()
      .trim()
      .default('file:./data/backorder.db')
      .refine(
        (v) => v.startsWith('file:') || v.startsWith('postgresql://') || v.startsWith('postgres://'),
        'must start with file: (SQLite) or postgresql:// (PostgreSQL)',
      ),
    HTTP_HOST: z.string().trim().min(1).default('127.0.0.1'),
    HTTP_PORT: port.default(3000),
    DEFAULT_CURRENCY: currency.default('USD'),
    DEFAULT_LANGUAGE: z.enum(['en', 'de']).default('en'),
    TEMPLATES_DIR: optionalText,
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    INSTANCE_ID: optionalText,
    REGISTRAR: z.enum(['sandbox', 'ispapi', 'cnr']).default('sandbox'),
    ISPAPI_URL: url(['https:', 'http:']).default('https://api.ispapi.net/api/call.cgi'),
    ISPAPI_ENTITY: z
      .string()
      .trim()
      .regex(/^\d+[a-z]*$/i, 'must be an entity code such as 54cd or 1234')
      .default('54cd'),
    ISPAPI_LOGIN: optionalText,
    ISPAPI_PASSWORD: optionalText,
    ISPAPI_CONTACT: optionalText,
    ISPAPI_TIMEOUT_MS: number('a whole number').int().min(100).max(300_000).default(30_000),
    /**
     * Registrar calls a lifecycle pass makes at once. A slow registrar (10 s a call) must not stretch
     * a drop day's 1 000 sends beyond the pass's 5-minute slot: 40 at once take 250 s.
     */
    REGISTRAR_CONCURRENCY: number('a whole number').int().min(1).max(256).default(40),
    CNR_URL: optionalUrl(['https:', 'http:']),
    CNR_OTE: flag,
    CNR_LOGIN: optionalText,
    CNR_PASSWORD: optionalText,
    CNR_CONTACT: optionalText,
    CNR_TIMEOUT_MS: number('a whole number').int().min(100).max(300_000).default(30_000),
    DROPLIST_URL: optionalUrl(['https:', 'http:']),
    DROPLIST_SOURCE: z.enum(['url', 'cnr']).optional(),
    SANDBOX_CATCH_RATE: number().min(0).max(1).default(0.5),
    SANDBOX_SEED: number('a whole number').int().default(1),
    SANDBOX_DROPLIST_SIZE: number('a whole number').int().min(0).max(5_000_000).default(100_000),
    /** names of each priced zone in the community's digest after an import, best by score */
    NOTABLE_PER_ZONE: number('a whole number').int().min(1).max(50).default(5),
    AUCTION_STEP: number('a whole number').int().min(1).default(5),
    // Retention (src/retention): what the hourly `prune` job deletes, by age. The ledger, backorders,
    // customers and payments are kept forever.
    /** delivered (or given up) outbox events and their notifications */
    RETAIN_OUTBOX_DAYS: days(30),
    /** finished job runs (the newest of each job is kept) and finished drop-list import records */
    RETAIN_JOB_RUNS_DAYS: days(30),
    /** audit log rows; never those of an open backorder or of a name with one */
    RETAIN_AUDIT_DAYS: days(365),
    /** update ids and once-claims; a longer window a claimant asks for (Telegram: 2 days) wins */
    RETAIN_PROCESSED_UPDATES_DAYS: days(2),
    AUCTION_DAYS: number().min(0).max(30).default(3),
    TELEGRAM_BOT_TOKEN: optionalText,
    TELEGRAM_API_ROOT: url(['https:', 'http:']).default('https://api.telegram.org'),
    TELEGRAM_WEBHOOK_URL: optionalUrl(['https:', 'http:']),
    TELEGRAM_WEBHOOK_SECRET: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,256}$/, 'must be 1-256 characters of A-Z, a-z, 0-9, _ and -')
      .optional(),
    TELEGRAM_PAYMENTS_PROVIDER_TOKEN: optionalText,
    /** the public https address of the Mini App (this service's /app/): turns on /app and the menu button */
    TELEGRAM_WEBAPP_URL: optionalUrl(['https:']),
    SLACK_BOT_TOKEN: optionalText,
    SLACK_SIGNING_SECRET: optionalText,
    SLACK_APP_TOKEN: optionalText,
    SLACK_API_URL: url(['https:', 'http:']).default('https://slack.com/api/'),
    SLACK_ADMIN_USER_IDS: commaList,
    SLACK_ALERT_CHANNEL: optionalText,
    SLACK_CREDIT_CONFIRM_ABOVE: number().min(0).default(500),
    DISCORD_APPLICATION_ID: optionalText,
    DISCORD_PUBLIC_KEY: z
      .string()
      .trim()
      .regex(/^[0-9a-fA-F]{64}$/, 'must be the 64 hex characters of the application public key')
      .optional(),
    DISCORD_BOT_TOKEN: optionalText,
    DISCORD_WEBHOOK_URL: optionalUrl(['https:', 'http:']),
    DISCORD_API_URL: url(['https:', 'http:']).default('https://discord.com/api'),
  })
  .superRefine((c, ctx) => {
    if (c.REGISTRAR === 'ispapi' && (!c.ISPAPI_LOGIN || !c.ISPAPI_PASSWORD)) {
      for (const name of ['ISPAPI_LOGIN', 'ISPAPI_PASSWORD'] as const) {
        if (!c[name])
          ctx.addIssue({ code: 'custom', path: [name], message: 'is required when REGISTRAR=ispapi' });
      }
    }
    const cnrFor =
      c.REGISTRAR === 'cnr' ? 'REGISTRAR=cnr' : c.DROPLIST_SOURCE === 'cnr' ? 'DROPLIST_SOURCE=cnr' : null;
    if (cnrFor) {
      for (const name of ['CNR_LOGIN', 'CNR_PASSWORD'] as const) {
        if (!c[name]) ctx.addIssue({ code: 'custom', path: [name], message: `is required when ${cnrFor}` });
      }
    }
    if (c.TELEGRAM_WEBHOOK_URL && !c.TELEGRAM_WEBHOOK_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['TELEGRAM_WEBHOOK_SECRET'],
        message: 'is required when TELEGRAM_WEBHOOK_URL is set',
      });
    }
    if (c.DISCORD_WEBHOOK_URL && !/\/webhooks\/\d+\/[\w-]+/.test(c.DISCORD_WEBHOOK_URL)) {
      ctx.addIssue({
        code: 'custom',
        path: ['DISCORD_WEBHOOK_URL'],
        message: 'must look like https://discord.com/api/webhooks/<id>/<token>',
      });
    }
  });

export type Env = z.infer<typeof configSchema>;

export interface Config extends Env {
  databaseKind: 'sqlite' | 'postgresql';
  instanceId: string;
  droplistUrl: string | undefined;
  /** where the scheduled import takes the list from: a download (or the sandbox), or CNR's API */
  droplistSource: 'url' | 'cnr';
  /** CNR's gateway: CNR_URL, else the OT&E or the live system */
  cnrUrl: string;
}

export const HEXONET_DROPLIST_URL =
  'https://www.hexonet.net/files/domain-backordering/pending_delete_domain_list.csv.zip';

// rtldev-middleware-php-sdk src/CNR/config.json; rtldev-middleware-node-sdk src/CNR/SocketConfig.ts
// (host) with the default path api/call.cgi of src/CNR/Client.ts.
export const CNR_LIVE_URL = 'https://api.rrpproxy.net/api/call.cgi';
export const CNR_OTE_URL = 'https://api-ote.rrpproxy.net/api/call.cgi';

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // An empty variable counts as unset (a common way to "turn off" a value in a .env file). A value
  // that is not text at all (a config object built in code) is left to the schema to refuse.
  const given = Object.fromEntries(
    Object.entries(env as Record<string, unknown>).filter(
      ([, v]) => v !== undefined && !(typeof v === 'string' && v.trim() === ''),
    ),
  );
  const parsed = configSchema.safeParse(given);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => {
      const name = i.path.join('.') || 'environment';
      const value: unknown = env[name];
      const shown =
        value === undefined
          ? ''
          : mayHoldSecrets(name)
            ? ' (value not shown: it may hold a secret)'
            : typeof value === 'string'
              ? ` (got ${maskUrlSecrets(JSON.stringify(value))})`
              : ` (got ${value === null ? 'null' : `a ${typeof value}`})`;
      return `${name} ${i.message}${shown}`;
    });
    throw new ConfigError(problems);
  }
  const c = parsed.data;
  return {
    ...c,
    databaseKind: c.DATABASE_URL.startsWith('file:') ? 'sqlite' : 'postgresql',
    instanceId: c.INSTANCE_ID ?? `${process.pid}@${Math.random().toString(36).slice(2, 8)}`,
    droplistUrl: c.DROPLIST_URL ?? (c.REGISTRAR === 'ispapi' ? HEXONET_DROPLIST_URL : undefined),
    // CNR offers its drop lists for download only in its Control Panel (kb.centralnicreseller.com/domains/
    // backorders): for a cnr reseller the list comes from the API unless a URL is given.
    droplistSource: c.DROPLIST_SOURCE ?? (c.REGISTRAR === 'cnr' && !c.DROPLIST_URL ? 'cnr' : 'url'),
    cnrUrl: c.CNR_URL ?? (c.CNR_OTE ? CNR_OTE_URL : CNR_LIVE_URL),
  };
}
