import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Config, ConfigError, configSchema, loadConfig } from '../../src/config.ts';
import { anyText, mustRefuseWith, nearly } from './arbitraries.ts';

// The environment is written by whoever deploys the service, often by hand in a .env file or a
// container manifest. A typo must stop the start with a message naming the variable (and never
// quoting a secret), not with a stack trace from deep inside, nor start with a wrong value.

const VARIABLES = Object.keys(configSchema.shape);

/** A plausible value for any variable: a number, a URL, a flag, a code, or something else. */
const plausible = fc.constantFrom(
  '0',
  '1',
  '65535',
  '65536',
  '-1',
  '0.5',
  '1e3',
  'true',
  'no',
  'USD',
  'usd',
  'EURO',
  'en',
  'de',
  'debug',
  'sandbox',
  'ispapi',
  'cnr',
  'url',
  'https://api.example.com/x',
  'http://user:secret@example.com/',
  'ftp://example.com',
  'https://discord.com/api/webhooks/123/tok-en',
  'file:./data/x.db',
  'postgresql://u:p@localhost/db',
  '54cd',
  'a'.repeat(64),
  'ab'.repeat(32),
  'U1, U2,,',
  '',
  '   ',
);

const env = fc.dictionary(
  fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...VARIABLES) }, anyText(15)),
  fc.oneof(nearly(plausible, 40), fc.constant(undefined)),
  { maxKeys: 12 },
);

/** Values of the wrong type, as a config object built in code (or from JSON) may hold them. */
const wrongTypes = fc.dictionary(
  fc.constantFrom(...VARIABLES),
  fc.oneof(fc.constantFrom(null, 0, 1, true, [], {}), fc.integer()),
  { minKeys: 1, maxKeys: 3 },
);

const SECRET_VALUE = 'hunter2-very-secret';

describe('configuration', () => {
  it('loads any environment as a configuration or refuses it naming each bad variable', () => {
    fc.assert(
      fc.property(env, (e) => {
        let config: Config;
        try {
          config = loadConfig(e);
        } catch (error) {
          mustRefuseWith(error, (x) => x instanceof ConfigError);
          const { problems } = error as ConfigError;
          expect(problems.length).toBeGreaterThan(0);
          for (const p of problems) {
            const name = p.split(' ')[0]!;
            expect(VARIABLES).toContain(name);
            expect(p.length).toBeGreaterThan(name.length + 5);
          }
          return;
        }
        expect(['sqlite', 'postgresql']).toContain(config.databaseKind);
        expect(Number.isInteger(config.HTTP_PORT) && config.HTTP_PORT >= 0 && config.HTTP_PORT <= 65535).toBe(
          true,
        );
        expect(config.DEFAULT_CURRENCY).toMatch(/^[A-Z]{3}$/);
        expect(config.SANDBOX_CATCH_RATE >= 0 && config.SANDBOX_CATCH_RATE <= 1).toBe(true);
        expect(Number.isFinite(config.AUCTION_DAYS)).toBe(true);
        expect(config.SLACK_ADMIN_USER_IDS.every((id) => id !== '' && id.trim() === id)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses values of the wrong type with a ConfigError naming the variable', () => {
    fc.assert(
      fc.property(wrongTypes, (e) => {
        try {
          loadConfig(e as unknown as Record<string, string>);
        } catch (error) {
          mustRefuseWith(error, (x) => x instanceof ConfigError);
          for (const p of (error as ConfigError).problems) expect(Object.keys(e)).toContain(p.split(' ')[0]);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never quotes a secret back, however malformed the value', () => {
    const secrets = fc.constantFrom(
      'TELEGRAM_WEBHOOK_SECRET',
      'DISCORD_PUBLIC_KEY',
      'DATABASE_URL',
      'DISCORD_WEBHOOK_URL',
      'TELEGRAM_WEBHOOK_URL',
    );
    fc.assert(
      fc.property(
        secrets,
        fc.constantFrom(
          `x ${SECRET_VALUE}`,
          `postgres:/u:${SECRET_VALUE}@h`,
          `https://u:${SECRET_VALUE}@[bad/`,
          `https://x.com/webhooks/1/${SECRET_VALUE}?`,
        ),
        (name, value) => {
          try {
            loadConfig({ [name]: value });
          } catch (error) {
            mustRefuseWith(error, (x) => x instanceof ConfigError);
            expect((error as Error).message).not.toContain(SECRET_VALUE);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
