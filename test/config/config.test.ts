import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

describe('config', () => {
  it('has working defaults with nothing set', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      DATABASE_URL: 'file:./data/backorder.db',
      databaseKind: 'sqlite',
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: 3000,
      REGISTRAR: 'sandbox',
      DEFAULT_CURRENCY: 'USD',
      DEFAULT_LANGUAGE: 'en',
      ISPAPI_ENTITY: '54cd',
      SANDBOX_CATCH_RATE: 0.5,
      REGISTRAR_CONCURRENCY: 40,
      TELEGRAM_API_ROOT: 'https://api.telegram.org',
      DISCORD_API_URL: 'https://discord.com/api',
    });
    expect(c.droplistUrl).toBeUndefined();
    expect(c.SLACK_ADMIN_USER_IDS).toEqual([]);
  });

  it('uses HEXONET’s list by default with the ispapi registrar', () => {
    const c = loadConfig({ REGISTRAR: 'ispapi', ISPAPI_LOGIN: 'me', ISPAPI_PASSWORD: 'pw' });
    expect(c.droplistUrl).toMatch(/^https:\/\/www\.hexonet\.net\//);
  });

  it('names every bad variable in one error, without echoing secrets', () => {
    let error: unknown;
    try {
      loadConfig({
        HTTP_PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        REGISTRAR: 'godaddy',
        SANDBOX_CATCH_RATE: '2',
        DISCORD_PUBLIC_KEY: 'not-hex-secret-value',
        DEFAULT_CURRENCY: 'dollars',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of [
      'HTTP_PORT',
      'DATABASE_URL',
      'REGISTRAR',
      'SANDBOX_CATCH_RATE',
      'DISCORD_PUBLIC_KEY',
      'DEFAULT_CURRENCY',
    ]) {
      expect(message).toContain(name);
    }
    expect(message).not.toContain('not-hex-secret-value');
  });

  it('requires the ISPAPI credentials with REGISTRAR=ispapi', () => {
    expect(() => loadConfig({ REGISTRAR: 'ispapi' })).toThrow(/ISPAPI_LOGIN[\s\S]*ISPAPI_PASSWORD/);
  });

  it('requires the CNR credentials with REGISTRAR=cnr or DROPLIST_SOURCE=cnr, naming why', () => {
    expect(() => loadConfig({ REGISTRAR: 'cnr' })).toThrow(
      /CNR_LOGIN is required when REGISTRAR=cnr[\s\S]*CNR_PASSWORD is required when REGISTRAR=cnr/,
    );
    expect(() => loadConfig({ DROPLIST_SOURCE: 'cnr', CNR_LOGIN: 'me' })).toThrow(
      /CNR_PASSWORD is required when DROPLIST_SOURCE=cnr/,
    );
    expect(() => loadConfig({ CNR_OTE: 'maybe', DROPLIST_SOURCE: 'ftp' })).toThrow(
      /CNR_OTE must be 1 or 0 \(got "maybe"\)[\s\S]*DROPLIST_SOURCE/,
    );
  });

  it("uses CNR's live gateway, OT&E with CNR_OTE=1, and CNR_URL over both", () => {
    const cnr = { REGISTRAR: 'cnr', CNR_LOGIN: 'me', CNR_PASSWORD: 'pw' };
    expect(loadConfig(cnr)).toMatchObject({
      cnrUrl: 'https://api.rrpproxy.net/api/call.cgi',
      CNR_OTE: false,
      CNR_TIMEOUT_MS: 30_000,
    });
    expect(loadConfig({ ...cnr, CNR_OTE: '1' }).cnrUrl).toBe('https://api-ote.rrpproxy.net/api/call.cgi');
    expect(loadConfig({ ...cnr, CNR_OTE: '1', CNR_URL: 'http://127.0.0.1:9/api/call.cgi' }).cnrUrl).toBe(
      'http://127.0.0.1:9/api/call.cgi',
    );
  });

  it('takes the drop list from the CNR API by default with REGISTRAR=cnr, unless a URL is given', () => {
    const cnr = { REGISTRAR: 'cnr', CNR_LOGIN: 'me', CNR_PASSWORD: 'pw' };
    expect(loadConfig(cnr)).toMatchObject({ droplistSource: 'cnr', droplistUrl: undefined });
    expect(loadConfig({ ...cnr, DROPLIST_URL: 'https://lists.example/drop.zip' }).droplistSource).toBe('url');
    expect(loadConfig({ ...cnr, DROPLIST_SOURCE: 'url' }).droplistSource).toBe('url');
    expect(loadConfig({}).droplistSource).toBe('url');
    expect(loadConfig({ DROPLIST_SOURCE: 'cnr', CNR_LOGIN: 'me', CNR_PASSWORD: 'pw' }).droplistSource).toBe(
      'cnr',
    );
  });

  it('takes REGISTRAR_CONCURRENCY from 1 to 256', () => {
    expect(loadConfig({ REGISTRAR_CONCURRENCY: '8' }).REGISTRAR_CONCURRENCY).toBe(8);
    for (const bad of ['0', '257', '2.5', 'many'])
      expect(() => loadConfig({ REGISTRAR_CONCURRENCY: bad })).toThrow(/REGISTRAR_CONCURRENCY/);
  });

  it('parses the Slack admin list', () => {
    expect(loadConfig({ SLACK_ADMIN_USER_IDS: ' U1, U2 ,,' }).SLACK_ADMIN_USER_IDS).toEqual(['U1', 'U2']);
  });

  describe('retention periods (RETAIN_*_DAYS)', () => {
    const NAMES = [
      'RETAIN_OUTBOX_DAYS',
      'RETAIN_JOB_RUNS_DAYS',
      'RETAIN_AUDIT_DAYS',
      'RETAIN_PROCESSED_UPDATES_DAYS',
    ] as const;

    it('default to 30, 30, 365 and 2 days, and take whole days', () => {
      expect(loadConfig({})).toMatchObject({
        RETAIN_OUTBOX_DAYS: 30,
        RETAIN_JOB_RUNS_DAYS: 30,
        RETAIN_AUDIT_DAYS: 365,
        RETAIN_PROCESSED_UPDATES_DAYS: 2,
      });
      const set = loadConfig({
        RETAIN_OUTBOX_DAYS: '7',
        RETAIN_JOB_RUNS_DAYS: ' 14 ',
        RETAIN_AUDIT_DAYS: '3650',
        RETAIN_PROCESSED_UPDATES_DAYS: '1',
      });
      expect(set).toMatchObject({
        RETAIN_OUTBOX_DAYS: 7,
        RETAIN_JOB_RUNS_DAYS: 14,
        RETAIN_AUDIT_DAYS: 3650,
        RETAIN_PROCESSED_UPDATES_DAYS: 1,
      });
    });

    it.each(['0', '-1', '1.5', 'ninety', '1e9'])(
      '%s is refused, naming the variable and what it must be',
      (bad) => {
        for (const name of NAMES) {
          expect(() => loadConfig({ [name]: bad })).toThrow(ConfigError);
          expect(() => loadConfig({ [name]: bad })).toThrow(
            `${name} must be a whole number of days from 1 to 36500 (got "${bad}")`,
          );
        }
      },
    );

    it('every bad one is named in the one error', () => {
      const env = Object.fromEntries(NAMES.map((n) => [n, '0']));
      expect(() => loadConfig(env)).toThrow(
        /RETAIN_OUTBOX_DAYS[\s\S]*RETAIN_JOB_RUNS_DAYS[\s\S]*RETAIN_AUDIT_DAYS[\s\S]*RETAIN_PROCESSED_UPDATES_DAYS/,
      );
    });
  });
});
