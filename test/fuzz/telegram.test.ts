import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { fits } from '../../bots/telegram/buttons.ts';
import { PROFILE_FIELDS } from '../../bots/telegram/context.ts';
import { Refusal } from '../../bots/telegram/errors.ts';
import { inlineFilterText } from '../../bots/telegram/features/inline.ts';
import {
  emptyFilters,
  type Filters,
  filtersText,
  parseFilters,
  toQuery,
} from '../../bots/telegram/search/filters.ts';
import { nameToPlace, placeLink } from '../../bots/telegram/start-payload.ts';
import { InvalidInput } from '../../src/index.ts';
import { parseSearchQuery } from '../../src/search/query.ts';
import { recordingLogger } from '../helpers/recording-logger.ts';
import { EN, type Harness, startTelegram, T0 } from '../telegram/harness.ts';
import { anyJson, anyText, domainName, hugeText, mustRefuseWith, nearly } from './arbitraries.ts';

// Everything a Telegram user types or taps arrives as free text: filter words after /search, the
// inline query, a deep-link payload, a button's callback data (a modified client sends any 64
// bytes), an answer to the bot's question. Each must end as results or as a refusal in the
// user's words; anything else is an apology to the user and an error in our log.

const FILTER_REFUSALS = [
  'tg-search-too-long',
  'tg-search-too-many',
  'tg-search-bad-filter',
  'tg-search-one-keyword',
];

const FILTER_FIELDS: Record<keyof Filters, true> = {
  keyword: true,
  zones: true,
  minLength: true,
  maxLength: true,
  noDigits: true,
  noHyphens: true,
  digitsOnly: true,
  noIdn: true,
  minScore: true,
  day: true,
  sort: true,
  desc: true,
  page: true,
};

const isFilterRefusal = (e: unknown) => e instanceof Refusal && FILTER_REFUSALS.includes(e.key);

/** Filter words, mostly well formed, some a character off. */
const filterWord = nearly(
  fc.oneof(
    fc.constantFrom('nodigits', 'nd', 'nohyphens', 'nh', 'digitsonly', 'od', 'noidn', 'ni', 'best', 'today'),
    fc.constantFrom('.com', '.co.uk', '.Ünï', 'zone=com,net', 'z=', 'z=,,de'),
    fc
      .tuple(
        fc.constantFrom('len', 'length', 'l'),
        fc.constantFrom('<=', '>=', '=', '<', '>'),
        fc.integer({ min: -2, max: 70 }),
      )
      .map(([k, op, n]) => `${k}${op}${n}`),
    fc
      .tuple(fc.constantFrom('score', 'sc'), fc.constantFrom('>=', '='), fc.integer({ min: -5, max: 120 }))
      .map(([k, op, n]) => `${k}${op}${n}`),
    fc
      .tuple(
        fc.constantFrom('day', 'd'),
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 19 }),
        fc.integer({ min: 0, max: 39 }),
        fc.boolean(),
      )
      .map(([k, y, m, d, dashes]) => {
        const p = (n: number, w: number) => String(n).padStart(w, '0');
        return `${k}=${[p(y, 4), p(m, 2), p(d, 2)].join(dashes ? '-' : '')}`;
      }),
    fc.constantFrom(
      'd=today',
      'day=tomorrow',
      's=-score',
      'sort=length',
      's=name',
      'p=2',
      'page=100000',
      'p=0',
    ),
    fc.string({ unit: fc.constantFrom(...'abcxyz019-*'), minLength: 1, maxLength: 12 }),
  ),
  30,
);

const filterText = fc.oneof(
  fc.array(filterWord, { maxLength: 8 }).map((w) => w.join(' ')),
  anyText(120),
  fc.array(fc.constantFrom('a', 'nd', '.com'), { minLength: 14, maxLength: 20 }).map((w) => w.join(' ')),
  hugeText,
);

/** Filters as the bot itself builds them (a button carries their canonical text). */
const filters: fc.Arbitrary<Filters> = fc
  .record({
    keyword: fc.option(
      fc.oneof(
        fc.constantFrom('constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'),
        fc
          .string({
            unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABC0123456789-*'),
            minLength: 1,
            maxLength: 20,
          })
          .filter((k) => !/^(nodigits|nd|nohyphens|nh|digitsonly|od|noidn|ni|best)$/i.test(k)),
      ),
      { nil: undefined },
    ),
    zones: fc.uniqueArray(fc.constantFrom('com', 'net', 'de', 'co.uk', 'xn--p1ai', 'photography'), {
      maxLength: 3,
    }),
    minLength: fc.option(fc.integer({ min: 1, max: 63 }), { nil: undefined }),
    maxLength: fc.option(fc.integer({ min: 1, max: 63 }), { nil: undefined }),
    noDigits: fc.boolean(),
    noHyphens: fc.boolean(),
    digitsOnly: fc.boolean(),
    noIdn: fc.boolean(),
    minScore: fc.integer({ min: 0, max: 100 }),
    day: fc.option(
      fc
        .date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('2099-12-31T00:00:00Z'),
          noInvalidDate: true,
        })
        .map((d) => d.toISOString().slice(0, 10)),
      { nil: undefined },
    ),
    sort: fc.constantFrom('drop', 'length', 'name', 'score'),
    desc: fc.boolean(),
    page: fc.integer({ min: 1, max: 100_000 }),
  })
  .map((f) => {
    const out: Filters = { ...emptyFilters(), ...f, zones: [...f.zones].sort() };
    if (out.keyword === undefined) delete out.keyword;
    if (out.minLength === undefined) delete out.minLength;
    if (out.maxLength === undefined) delete out.maxLength;
    if (out.day === undefined) delete out.day;
    return out;
  });

describe('search filter text', () => {
  it('reads any text as filters the core accepts or refuses in words, or refuses it itself', () => {
    fc.assert(
      fc.property(filterText, (text) => {
        let f: Filters;
        try {
          f = parseFilters(text, T0);
        } catch (e) {
          mustRefuseWith(e, isFilterRefusal);
          return;
        }
        // only the filters' own fields: a word must never set something else on them
        expect(Object.keys(f).filter((k) => !(k in FILTER_FIELDS))).toEqual([]);
        expect(f.page).toBeGreaterThanOrEqual(1);
        expect(f.zones).toEqual([...new Set(f.zones)].sort());
        // What the words mean is the core's: valid there, or its InvalidInput.
        try {
          parseSearchQuery(toQuery(f, 10));
        } catch (e) {
          mustRefuseWith(e, (x) => x instanceof InvalidInput);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('reads the canonical text of any filters back to the same filters', () => {
    fc.assert(
      fc.property(filters, (f) => {
        const text = filtersText(f);
        expect(parseFilters(text, T0)).toEqual(f);
      }),
      { numRuns: 1000 },
    );
  });

  it('reads any inline query through its shorthand as filters or a refusal', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc
            .tuple(
              filterWord,
              fc.array(fc.oneof(filterWord, fc.constantFrom('6', '99', 'de', 'ünï', 'nd')), { maxLength: 5 }),
            )
            .map(([a, r]) => [a, ...r].join(' ')),
          anyText(100),
        ),
        (query) => {
          try {
            parseFilters(inlineFilterText(query), T0);
          } catch (e) {
            mustRefuseWith(e, isFilterRefusal);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('start payload', () => {
  it('takes any payload for a name of plain labels, or for nothing', () => {
    fc.assert(
      fc.property(
        nearly(fc.constantFrom('bo_shop_com', 'bo_a-b_co_uk', 'bo_xn--bcher-kva_de'), 70),
        (payload) => {
          const name = nameToPlace(payload);
          if (name !== undefined) expect(name).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('brings a linked name back as it went out', () => {
    fc.assert(
      fc.property(domainName, (fqdn) => {
        const link = placeLink('backorder_bot', fqdn);
        if (link === undefined) {
          expect(`bo_${fqdn}`.length).toBeGreaterThan(64);
          return;
        }
        expect(nameToPlace(new URL(link).searchParams.get('start')!)).toBe(fqdn);
      }),
      { numRuns: 1000 },
    );
  });
});

// The bot as it runs: a button press or a message is handled when the user hears back and the
// log has no error (the guard logs every error that is ours, not the user's).
describe('the bot, pressed and typed at', () => {
  let h: Harness;
  const { log: recording, errors } = recordingLogger();

  beforeAll(async () => {
    h = await startTelegram({
      log: recording,
      env: { TELEGRAM_PAYMENTS_PROVIDER_TOKEN: 'provider-token' },
      // one user sends every update here: the flood limit would silence the bot mid-run
      bot: { rateLimit: { limit: 1_000_000, windowMs: 60_000 } },
    });
    await h.core.pricing.set('com', 'USD', 4900n, 'test', 2900n);
    await h.importList([['shop.com', new Date(T0.getTime() + 86_400_000)]]);
  });

  const PREFIXES = [
    'av',
    'ab',
    'aB',
    'am',
    's',
    'f',
    'wa',
    'wr',
    'tu',
    'bo',
    'br',
    'bl',
    'ps',
    'pq',
    'pe',
    'pw',
    'lang',
    'bc',
    'bC',
    'ml',
    'bd',
    'm',
  ];
  const arg = nearly(
    fc.oneof(
      fc.constantFrom(
        '1',
        '2147483647',
        '2147483648',
        '0',
        '-1',
        '1.5',
        '1e3',
        'shop.com',
        'all',
        'stop',
        'en',
        'de',
      ),
      fc.constantFrom(...PROFILE_FIELDS, 'all', 'ACTIVE', 'home', 'search'),
      fc.constantFrom('shop nd', 'l<=6 .com', 'd=20261301', 's=-score p=2'),
    ),
    20,
  );
  const callbackData = fc
    .tuple(fc.oneof(fc.constantFrom(...PREFIXES), anyText(4)), fc.array(arg, { maxLength: 3 }))
    .map(([prefix, args]) => [prefix, ...args].join(':'))
    .filter(fits);

  it('answers every button press, whatever its data', async () => {
    await fc.assert(
      fc.asyncProperty(callbackData, async (data) => {
        const before = errors.length;
        const ex = await h.press(data);
        expect(ex.status).toBe(200);
        expect(ex.answers.length).toBe(1);
        expect(errors.slice(before)).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it('answers every command and every answer to its questions, whatever was typed', async () => {
    const command = fc
      .tuple(
        fc.constantFrom(
          '/search',
          '/watch',
          '/backorder',
          '/cancel',
          '/topup',
          '/start',
          '/language',
          '/link',
          '/mybackorders',
          '/profile',
          '',
        ),
        nearly(fc.constantFrom('shop.com', 'bo_shop_com', '12', 'de', 'shop nd d=20261301', '#3'), 60),
      )
      .map(([c, rest]) => (c ? `${c} ${rest}` : rest));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(command, fc.tuple(fc.constantFrom(...PROFILE_FIELDS), anyText(60))),
        async (typed) => {
          const before = errors.length;
          let ex: Awaited<ReturnType<Harness['send']>>;
          if (typeof typed === 'string') {
            if (typed.trim() === '') return;
            ex = await h.send(typed);
          } else {
            // a question of the profile form, then anything as its answer
            await h.press(`pe:${typed[0]}`);
            if (typed[1].trim() === '' || typed[1].startsWith('/')) return;
            ex = await h.send(typed[1]);
          }
          expect(ex.status).toBe(200);
          expect(ex.replies.length).toBeGreaterThan(0);
          expect(errors.slice(before)).toEqual([]);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('answers every pre-checkout query exactly once, whatever its invoice payload', async () => {
    const payload = nearly(
      fc
        .tuple(
          fc.integer({ min: 0, max: 3 }),
          fc.bigInt({ min: 0n, max: 10n ** 16n }),
          fc.constantFrom('USD', 'EUR', 'usd'),
        )
        .map(([id, amount, currency]) => `topup:${id}:${amount}:${currency}`),
      80,
    );
    await fc.assert(
      fc.asyncProperty(
        payload,
        fc.constantFrom('USD', 'EUR', 'XXX'),
        fc.nat({ max: 10_000_000 }),
        async (invoicePayload, currency, amount) => {
          const before = errors.length;
          const callsBefore = h.fake.calls.length;
          const id = `pcq${callsBefore}`;
          await h.deliver(
            {
              pre_checkout_query: {
                id,
                from: { id: EN.id, is_bot: false, first_name: 'Ann', language_code: 'en' },
                currency,
                total_amount: amount,
                invoice_payload: invoicePayload,
              },
            },
            EN,
          );
          const answers = h.fake.calls
            .slice(callsBefore)
            .filter((c) => c.method === 'answerPreCheckoutQuery' && c.params.pre_checkout_query_id === id);
          expect(answers.length).toBe(1);
          // only an invoice we could have issued is accepted
          if (answers[0]!.params.ok) expect(invoicePayload).toBe(`topup:1:${amount}:${currency}`);
          expect(errors.slice(before)).toEqual([]);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('answers any webhook body, however malformed, without a 500', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          anyText(200),
          fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
          fc
            .record(
              {
                update_id: fc.oneof(fc.nat(), fc.integer(), fc.double()),
                message: anyJson,
                callback_query: anyJson,
              },
              { requiredKeys: [] },
            )
            .map((u) => JSON.stringify(u)),
        ),
        async (body) => {
          const before = errors.length;
          const res = await h.post(body);
          await res.text();
          expect(res.status).toBeLessThan(500);
          expect(errors.slice(before)).toEqual([]);
        },
      ),
      { numRuns: 100 },
    );
  });
});
