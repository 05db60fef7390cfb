import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { buttonValue } from '../../bots/slack/args.ts';
import type { Feature, StaffContext } from '../../bots/slack/command.ts';
import { customers } from '../../bots/slack/customers.ts';
import { helpFeature } from '../../bots/slack/help.ts';
import { importFeature } from '../../bots/slack/import.ts';
import { jobs } from '../../bots/slack/jobs.ts';
import { logs } from '../../bots/slack/logs.ts';
import { manageFeature } from '../../bots/slack/manage.ts';
import { PAGE_ACTION, RUN_ACTION } from '../../bots/slack/paging.ts';
import { parseCommand } from '../../bots/slack/parse.ts';
import { pricing } from '../../bots/slack/pricing.ts';
import { createRouter, type Router } from '../../bots/slack/router.ts';
import { score } from '../../bots/slack/score.ts';
import { stats } from '../../bots/slack/stats.ts';
import { createCore, fixedClock, loadConfig, silentLogger, UsageError } from '../../src/index.ts';
import { createMetrics } from '../../src/prometheus.ts';
import { createRegistrar } from '../../src/registrar/create-registrar.ts';
import { freshDb } from '../helpers/db.ts';
import { recordingLogger } from '../helpers/recording-logger.ts';
import { anyText, mustRefuseWith, nearly } from './arbitraries.ts';

// Staff type `/backorder …` by hand, and Slack rewrites what they typed (links, mentions, &amp;,
// smart quotes) before we see it. Every line must end in a reply: the result, or one sentence on
// what was wrong with the usage line. An error we log (a TypeError in our argument handling) is a
// staff member left with "something went wrong" for a typo.

const SUBCOMMANDS = [
  'manage',
  'show',
  'cancel',
  'pricing',
  'score',
  'logs',
  'customers',
  'credit',
  'stats',
  'import',
  'jobs',
  'help',
];

const word = nearly(
  fc.constantFrom(
    'set',
    'remove',
    'zones',
    'com',
    '.co.uk',
    'USD',
    'eur',
    '12.50',
    '0,5',
    '#12',
    '12',
    '999999999999',
    'shop.com',
    'page',
    '2',
    'all',
    'active',
    'slack:U123',
    '<@U123|ann>',
    '<http://shop.com|shop.com>',
    '<mailto:a@b.c>',
    '&lt;b&gt;',
    '"two words"',
    '“smart',
    'quotes”',
    'bücher.de',
  ),
  30,
);

const commandLine = fc
  .tuple(fc.oneof(fc.constantFrom(...SUBCOMMANDS), anyText(10)), fc.array(word, { maxLength: 6 }))
  .map(([name, words]) => [name, ...words].join(' '));

describe('command text', () => {
  it('reads any text as a sub-command, its words and an optional page', () => {
    fc.assert(
      fc.property(fc.oneof(commandLine, anyText(200)), (text) => {
        const c = parseCommand(text);
        expect(c.name).toBe(c.name.toLowerCase());
        expect(c.args.every((a) => typeof a === 'string')).toBe(true);
        if (c.page !== undefined)
          expect(Number.isInteger(c.page) && c.page >= 0 && c.page < 1_000_000).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads plain and quoted words back as typed', () => {
    const plain = fc.string({ unit: fc.constantFrom(...'abcXYZ019.-_:#'), minLength: 1, maxLength: 10 });
    const quoted = fc.string({ unit: fc.constantFrom(...'ab 1.'), maxLength: 10 });
    fc.assert(
      fc.property(
        plain,
        fc.array(
          fc.oneof(
            plain,
            quoted.map((q) => ({ q })),
          ),
          { maxLength: 5 },
        ),
        (name, words) => {
          const text = [name, ...words.map((w) => (typeof w === 'string' ? w : `“${w.q}”`))].join(' ');
          const c = parseCommand(text);
          const want = words.map((w) => (typeof w === 'string' ? w : w.q));
          const n = want.length;
          const paged = n >= 2 && want[n - 2]!.toLowerCase() === 'page' && /^\d{1,6}$/.test(want[n - 1]!);
          expect(c.name).toBe(name.toLowerCase());
          expect(c.args).toEqual(paged ? want.slice(0, -2) : want);
          expect(c.page).toBe(paged ? Number(want[n - 1]) : undefined);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('reads any button value as the shape asked for or says the button is out of date', async () => {
    const { z } = await import('zod');
    const shape = z.object({ id: z.number().int().positive(), amount: z.string() }).strict();
    fc.assert(
      fc.property(
        fc.oneof(
          anyText(60),
          fc.jsonValue().map((v) => JSON.stringify(v)),
          fc.constant('{"id":3,"amount":"5"}'),
        ),
        (value) => {
          try {
            const v = buttonValue(shape, value);
            expect(v.id).toBeGreaterThan(0);
          } catch (e) {
            mustRefuseWith(e, (x) => x instanceof UsageError && /out of date/.test(x.message));
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('the staff commands on a real core', () => {
  let router: Router;
  let ctx: StaffContext;
  const { log: recording, errors } = recordingLogger();

  beforeAll(async () => {
    const db = await freshDb();
    const config = loadConfig({
      DATABASE_URL: db.url,
      SANDBOX_DROPLIST_SIZE: '20',
      SLACK_ADMIN_USER_IDS: 'UADMIN',
    });
    const clock = fixedClock(new Date('2026-12-01T09:00:00Z'));
    const registrar = createRegistrar({ config, clock, log: silentLogger });
    const core = createCore({ config, db, clock, log: silentLogger, metrics: createMetrics(), registrar });
    const features: Feature[] = [manageFeature, pricing, score, logs, customers, stats, importFeature, jobs];
    router = createRouter([...features, helpFeature(features.flatMap((f) => f.commands))]);
    ctx = { core, config, log: recording, userId: 'UADMIN', actor: 'slack:UADMIN', triggerId: undefined };
  });

  it('answers every command line in words, never with an error of ours', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 4, arbitrary: commandLine }, anyText(100)), async (text) => {
        const before = errors.length;
        const reply = await router.run(ctx, parseCommand(text));
        expect(reply.text.length).toBeGreaterThan(0);
        expect(errors.slice(before)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('answers every button click, whatever its action and value', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.constantFrom(
            PAGE_ACTION,
            RUN_ACTION,
            'bo.cancel.',
            'bo.credit.',
            'bo.cancel.yes',
            'bo.credit.no',
          ),
          anyText(20),
        ),
        fc.oneof(
          commandLine,
          anyText(60),
          fc.jsonValue().map((v) => JSON.stringify(v)),
          fc.constant('{"id":1,"reason":"x"}'),
        ),
        async (actionId, value) => {
          const before = errors.length;
          const { reply } = await router.click(ctx, actionId, value);
          expect(reply.text.length).toBeGreaterThan(0);
          expect(errors.slice(before)).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });
});
