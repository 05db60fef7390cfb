import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { openDb } from '../../src/db/client.ts';
import { mountHealth } from '../../src/http/health.ts';
import { createHttpServer } from '../../src/http/server.ts';
import { createLogger } from '../../src/log.ts';
import { createMetrics } from '../../src/prometheus.ts';
import { secretsOf } from '../../src/secrets.ts';
import { runBackorder } from '../helpers/cli.ts';

// Every variable that carries a secret, with a value that could only come from it. None may show in
// a configuration error, a log line (raw, URL-encoded or JSON-escaped) or a /healthz answer.

const SECRETS = {
  DATABASE_URL: ['postgresql://shop:Db%2FPass%3Aw0rd@db.internal:5432/backorder', 'Db/Pass:w0rd'],
  DISCORD_WEBHOOK_URL: [
    'https://discord.com/api/webhooks/123456789/WebhookT0ken-abcdef',
    'WebhookT0ken-abcdef',
  ],
  DROPLIST_URL: ['https://list:Dr0pPass@lists.example/pending.zip?token=Dr0pT0ken', 'Dr0pPass'],
  ISPAPI_PASSWORD: ['Isp@pi"Pass\\word', 'Isp@pi"Pass\\word'],
  TELEGRAM_BOT_TOKEN: ['123456:TgBotT0kenSecret', '123456:TgBotT0kenSecret'],
  TELEGRAM_WEBHOOK_SECRET: ['TgHookSecret_123', 'TgHookSecret_123'],
  TELEGRAM_PAYMENTS_PROVIDER_TOKEN: ['284685063:TEST:PayT0ken', '284685063:TEST:PayT0ken'],
  SLACK_BOT_TOKEN: ['xoxb-SlackBotT0ken', 'xoxb-SlackBotT0ken'],
  SLACK_SIGNING_SECRET: ['SlackSigningS3cret', 'SlackSigningS3cret'],
  SLACK_APP_TOKEN: ['xapp-SlackAppT0ken', 'xapp-SlackAppT0ken'],
  DISCORD_BOT_TOKEN: ['DiscordB0tT0ken.abc', 'DiscordB0tT0ken.abc'],
} as const;

const secretValues = Object.values(SECRETS).map(([, secret]) => secret);
const leaked = (text: string) =>
  secretValues.filter((s) =>
    [s, encodeURIComponent(s), JSON.stringify(s).slice(1, -1)].some((f) => text.includes(f)),
  );

it('a configuration error names each bad variable without echoing a secret', async () => {
  const env = {
    ...Object.fromEntries(Object.entries(SECRETS).map(([name, [value]]) => [name, value])),
    // secret-bearing values that are themselves the bad ones
    DATABASE_URL: 'mysql://shop:Db%2FPass%3Aw0rd@db.internal/backorder',
    DROPLIST_URL: 'ftp://list:Dr0pPass@lists.example/pending.zip?token=Dr0pT0ken',
    TELEGRAM_WEBHOOK_SECRET: 'TgHook Secret with spaces',
    HTTP_PORT: 'eighty',
  };
  const run = await runBackorder(['jobs'], env);
  expect(run.code).toBe(2);
  for (const name of ['DATABASE_URL', 'DROPLIST_URL', 'TELEGRAM_WEBHOOK_SECRET', 'HTTP_PORT'])
    expect(run.err).toContain(name);
  expect(leaked(run.out + run.err)).toEqual([]);
  expect(run.err).not.toContain('TgHook Secret with spaces');

  // checked once every variable has its shape: a webhook URL of the wrong form
  const webhook = await runBackorder(['jobs'], {
    DISCORD_WEBHOOK_URL: 'https://discord.com/api/webhook/123456789/WebhookT0ken-abcdef',
  });
  expect(webhook.code).toBe(2);
  expect(webhook.err).toContain('DISCORD_WEBHOOK_URL');
  expect(leaked(webhook.out + webhook.err)).toEqual([]);
});

it('log lines carry no secret: in messages, fields, errors and URLs, raw, encoded or escaped', () => {
  const config = loadConfig({
    ...Object.fromEntries(Object.entries(SECRETS).map(([name, [value]]) => [name, value])),
    REGISTRAR: 'ispapi',
    ISPAPI_LOGIN: 'reseller',
  });
  const lines: string[] = [];
  const log = createLogger({ level: 'debug', secrets: secretsOf(config), write: (l) => lines.push(l) });
  for (const [name, [value, secret]] of Object.entries(SECRETS)) {
    log.info(`connecting with ${value}`, { url: value, detail: `s_pw=${encodeURIComponent(secret)}` });
    log.error('request failed', { error: new Error(`${name} refused: ${value} (${secret})`) });
    log
      .child({ config: { [name.toLowerCase()]: value } })
      .warn('quoted', { body: JSON.stringify({ secret }) });
  }
  // a URL no variable holds (an error text quoting a redirect target) is masked too
  log.warn('redirected to https://other:An0therPass@mirror.example/x?api_key=K3yValue');
  const text = lines.join('\n');
  expect(leaked(text)).toEqual([]);
  expect(text).not.toMatch(/An0therPass|K3yValue/);
  expect(text).toContain('[redacted]');
});

it('/healthz says only that the database is unavailable, and logs why', async () => {
  // a database that cannot answer: a file that is no SQLite database
  const dir = mkdtempSync(join(tmpdir(), 'backorder-health-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'broken.db'), 'this is not a database, password=H3alth'.repeat(200));
  const db = await openDb(`file:${join(dir, 'broken.db')}`);
  const lines: string[] = [];
  const http = createHttpServer({ host: '127.0.0.1', port: 0, log: createLogger({ write: () => {} }) });
  mountHealth(http, {
    db,
    metrics: createMetrics(),
    log: createLogger({ write: (l) => lines.push(l) }),
    startedAt: new Date(),
    instanceId: 'test',
  });
  const { port } = await http.listen();
  try {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'unavailable', database: db.kind });
    expect(lines.join('\n')).toMatch(/health check: the database does not answer/);
    await db.close();
  } finally {
    await http.close();
  }
});
