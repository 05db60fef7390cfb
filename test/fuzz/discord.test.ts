import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { interactionSchema, invocationOf } from '../../bots/discord/payload.ts';
import { type App, at, seedPrices, startApp } from '../discord/harness.ts';
import { anyJson, anyText, mutatedObject, nearly } from './arbitraries.ts';

// The interactions endpoint is public: Discord signs what it sends, but its payloads change with
// its API, and a stale registration sends options we no longer have. Every signed payload must get
// an answer in words or a plain 400; a 500 or an apology for our own fault is a defect.

const snowflake = fc.bigInt({ min: 1n, max: 2n ** 63n }).map(String);

const OPTION_NAMES = [
  'keyword',
  'zone',
  'max_length',
  'min_score',
  'no_digits',
  'no_hyphens',
  'name',
  'lite',
  'id',
  'code',
  'status',
  'page',
];

interface RawOption {
  name: string;
  type: number;
  value?: unknown;
  options?: RawOption[];
}

const optionValue = fc.oneof(
  nearly(fc.constantFrom('shop', 'com', '.NET', 'shop.com', 'xn--zz', 'ACTIVE', 'ab12cd', '*'), 80),
  fc.integer({ min: -10, max: 200 }),
  fc.constantFrom(0, 1.5, 2 ** 53, -0, true, false),
);

const leafOption: fc.Arbitrary<RawOption> = fc.record({
  name: fc.oneof(fc.constantFrom(...OPTION_NAMES), anyText(12)),
  type: fc.constantFrom(3, 4, 5, 10),
  value: optionValue,
});

/** the top level: options, or a subcommand (type 1) holding options, as /alerts add … */
const options: fc.Arbitrary<RawOption[]> = fc.oneof(
  fc.array(leafOption, { maxLength: 5 }),
  fc
    .tuple(
      fc.constantFrom('add', 'remove', 'list', 'here', 'nothing'),
      fc.array(leafOption, { maxLength: 4 }),
    )
    .map(([name, inner]) => [{ name, type: 1, options: inner }]),
);

const interaction = fc.record({
  id: snowflake,
  application_id: snowflake,
  type: fc.constantFrom(1, 2, 3, 4, 5),
  token: fc.string({ minLength: 1, maxLength: 20 }),
  guild_id: snowflake,
  channel_id: snowflake,
  member: fc.record({
    permissions: fc.bigInt({ min: 0n, max: 2n ** 64n }).map(String),
    user: fc.record({ id: snowflake }),
  }),
  data: fc.record({ name: fc.constantFrom('drops', 'alerts', 'backorder', 'link', 'price'), options }),
});

/** A payload whose options nest `depth` deep, written as text (too deep for JSON.stringify). */
const nestedPayload = (depth: number) =>
  `{"id":"1","application_id":"2","type":2,"token":"t","data":{"name":"drops","options":[${'{"name":"a","type":1,"options":['.repeat(depth)}${']}'.repeat(depth)}]}}`;

describe('interaction payloads', () => {
  it('reads any payload as an interaction or refuses it, and any interaction as an invocation', () => {
    fc.assert(
      fc.property(fc.oneof(interaction, mutatedObject(interaction), anyJson), (payload) => {
        const r = interactionSchema.safeParse(payload);
        if (!r.success) {
          expect(r.error.issues.length).toBeGreaterThan(0);
          return;
        }
        const inv = invocationOf(r.data);
        expect(typeof inv.command).toBe('string');
        for (const v of Object.values(inv.options))
          expect(['string', 'number', 'boolean']).toContain(typeof v);
        if (inv.permissions !== undefined) expect(inv.permissions >= 0n).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads options nested any depth without running out of stack', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 1000, max: 30_000 })),
        (depth) => {
          const r = interactionSchema.safeParse(JSON.parse(nestedPayload(depth)));
          expect(r.success).toBe(true);
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('the interactions endpoint', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
    await seedPrices(app.core);
    await app.importList([['shop.com', at(1, 10)]]);
  });

  const words = (json: { data?: { content?: string; embeds?: Array<{ description?: string }> } }) =>
    [json.data?.content ?? '', ...(json.data?.embeds ?? []).map((e) => e.description ?? '')].join('\n');

  it('answers every signed slash command with words or a 400, whatever its options', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          'drops',
          'upcoming',
          'price',
          'alerts',
          'link',
          'unlink',
          'backorder',
          'mybackorders',
          'help',
          'nope',
        ),
        options,
        async (name, opts) => {
          const r = await app.invoke(name, opts);
          expect([200, 400]).toContain(r.status);
          if (r.status === 200) expect(words(r.json)).not.toMatch(/went wrong on our side/);
          else expect(typeof r.json.error).toBe('string');
        },
      ),
      { numRuns: 100 },
    );
  });

  it('answers any signed body, however malformed, without a 500', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          interaction.map((i) => JSON.stringify(i)),
          mutatedObject(interaction).map((i) => JSON.stringify(i)),
          anyText(200),
          fc.integer({ min: 5000, max: 30_000 }).map(nestedPayload),
        ),
        async (body) => {
          const res = await app.post(body);
          await res.text();
          expect(res.status).toBeLessThan(500);
        },
      ),
      { numRuns: 80 },
    );
  });
});
