import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { filtersSchema, toQuery } from '../../bots/telegram/webapp/api.ts';
import { checkInitData, MAX_AGE_MS, webAppKey } from '../../bots/telegram/webapp/init-data.ts';
import { HOUR, InvalidInput, parseDomainName } from '../../src/index.ts';
import { parseSearchQuery } from '../../src/search/query.ts';
import { signInitData } from '../helpers/init-data.ts';
import { recordingLogger } from '../helpers/recording-logger.ts';
import { type Harness, startTelegram, T0, TOKEN } from '../telegram/harness.ts';
import { anyJson, anyText, mustRefuseWith, mutated, mutatedObject, nearly } from './arbitraries.ts';

// The Mini App's API is reachable by anyone who finds its address: the signed initData is the only
// proof of who is asking, and every parameter is typed in a web page we do not control. A request
// must be answered as the signed user, or refused with 401 or 400 naming the field; a forged
// launch must never pass as someone, and nothing may end in a 500.

const PROBLEMS = ['missing', 'malformed', 'bad-hash', 'expired', 'no-user'];
const key = webAppKey(TOKEN);
const now = T0;

const user = fc.record(
  {
    id: fc.integer({ min: 1, max: 2 ** 52 }),
    first_name: fc.string({ unit: 'grapheme', maxLength: 40 }),
    last_name: fc.string({ maxLength: 40 }),
    username: fc.string({ unit: fc.constantFrom(...'abcXYZ_019'), maxLength: 32 }),
    language_code: fc.constantFrom('en', 'de', 'de-AT', 'fr', ''),
  },
  { requiredKeys: ['id'] },
);

const authDate = fc.integer({ min: 0, max: MAX_AGE_MS - 1000 }).map((age) => new Date(now.getTime() - age));

const signed = fc.tuple(user, authDate).map(([u, at]) => ({ u, at, raw: signInitData(TOKEN, u, at) }));

describe('Mini App initData', () => {
  it('takes any launch data as a signed user or refuses it with a reason', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          signed.map((s) => s.raw),
          mutated(signed.map((s) => s.raw)),
          anyText(200),
          fc.constantFrom(
            'hash=',
            `hash=${'0'.repeat(64)}`,
            `user=%7B%7D&hash=${'a'.repeat(64)}`,
            'x'.repeat(5000),
          ),
        ),
        (raw) => {
          const r = checkInitData(raw, key, now);
          if ('problem' in r) {
            expect(PROBLEMS).toContain(r.problem);
            return;
          }
          expect(Number.isSafeInteger(r.user.id) && r.user.id > 0).toBe(true);
          expect(now.getTime() - r.authDate.getTime()).toBeLessThanOrEqual(MAX_AGE_MS);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('reads a signed launch back as its user, and a changed one as that user or not at all', () => {
    fc.assert(
      fc.property(
        signed,
        fc.nat(),
        fc.string({ minLength: 1, maxLength: 2 }),
        ({ u, at, raw }, where, ch) => {
          const r = checkInitData(raw, key, now);
          expect(r).toEqual({ user: u, authDate: new Date(Math.floor(at.getTime() / 1000) * 1000) });
          const i = where % raw.length;
          const changed = raw.slice(0, i) + ch + raw.slice(i + 1);
          const again = checkInitData(changed, key, now);
          if (!('problem' in again)) expect(again.user).toEqual(u);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('refuses launch data signed for another bot or too long ago', () => {
    fc.assert(
      fc.property(user, fc.integer({ min: MAX_AGE_MS + 1000, max: 100 * MAX_AGE_MS }), (u, age) => {
        expect(checkInitData(signInitData('999:other', u, now), key, now)).toEqual({ problem: 'bad-hash' });
        expect(checkInitData(signInitData(TOKEN, u, new Date(now.getTime() - age)), key, now)).toEqual({
          problem: 'expired',
        });
      }),
      { numRuns: 300 },
    );
  });
});

const formFields = fc.record(
  {
    keyword: nearly(fc.constantFrom('shop', 'car*', 'bücher', '*'), 70),
    zones: nearly(fc.constantFrom('com', '.com,net', 'рф', ',,', 'co.uk'), 310),
    minLength: nearly(fc.constantFrom('1', '63', '6'), 10),
    maxLength: nearly(fc.constantFrom('1', '63', '6'), 10),
    noDigits: nearly(fc.constantFrom('0', '1', 'true'), 6),
    noHyphens: fc.constantFrom('0', '1', 'false', 'yes'),
    digitsOnly: fc.constantFrom('0', '1'),
    noIdn: fc.constantFrom('0', '1'),
    from: nearly(fc.constantFrom('2026-12-01', '2026-13-45', '2026-02-29'), 12),
    to: nearly(fc.constantFrom('2026-12-03', '0000-00-00'), 12),
    sort: fc.constantFrom('dropAt', 'fqdn', 'length', 'score'),
    order: fc.constantFrom('asc', 'desc', 'up'),
    page: nearly(fc.constantFrom('1', '100000', '0'), 10),
  },
  { requiredKeys: [] },
);

describe('Mini App search parameters', () => {
  it('become a search the core runs or refuses, or a 400 naming the field', () => {
    fc.assert(
      fc.property(fc.oneof(formFields, mutatedObject(formFields)), (params) => {
        const f = filtersSchema.safeParse(params);
        if (!f.success) {
          expect(f.error.issues[0]!.message.length).toBeGreaterThan(0);
          return;
        }
        try {
          parseSearchQuery(toQuery(f.data));
        } catch (e) {
          mustRefuseWith(e, (x) => x instanceof InvalidInput);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the Mini App API over HTTP', () => {
  let h: Harness;
  let base: string;
  const { log: recording, errors } = recordingLogger();
  const auth = () =>
    `tma ${signInitData(TOKEN, { id: 4711, first_name: 'Fuzz', language_code: 'en' }, new Date(T0.getTime() - HOUR))}`;

  beforeAll(async () => {
    h = await startTelegram({ log: recording });
    base = `${new URL(h.url).origin}/app/api`;
    await h.core.pricing.set('com', 'USD', 4900n, 'test', 2900n);
    await h.importList([['shop.com', new Date(T0.getTime() + 86_400_000)]]);
  });

  const expectAnswered = async (res: Response, before: number) => {
    const body = (await res.json()) as { error?: string; message?: string };
    expect([200, 400, 401, 404, 409]).toContain(res.status);
    if (res.status !== 200) expect(typeof body.error).toBe('string');
    expect(errors.slice(before)).toEqual([]);
  };

  it('answers any search or chart query', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('search', 'days'),
        fc.oneof(formFields, fc.dictionary(anyText(10), anyText(20), { maxKeys: 3 })),
        async (path, params) => {
          const before = errors.length;
          const query = new URLSearchParams(params as Record<string, string>).toString();
          await expectAnswered(
            await fetch(`${base}/${path}?${query}`, { headers: { authorization: auth() } }),
            before,
          );
        },
      ),
      { numRuns: 100 },
    );
  });

  it('answers any body sent to place, cancel or watch', async () => {
    const bodies = fc.oneof(
      fc.record(
        {
          fqdn: nearly(fc.constantFrom('shop.com', 'bücher.de', 'xn--zz.com', '.com', 'a.b'), 260),
          lite: fc.boolean(),
        },
        { requiredKeys: [] },
      ),
      fc.record({ id: fc.oneof(fc.integer(), fc.double(), fc.constant(2 ** 31)) }),
      anyJson,
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('backorders', 'backorders/cancel', 'watch'),
        fc.oneof(
          bodies.map((b) => JSON.stringify(b)),
          anyText(50),
        ),
        async (path, body) => {
          const before = errors.length;
          const res = await fetch(`${base}/${path}`, {
            method: 'POST',
            headers: { authorization: auth(), 'content-type': 'application/json' },
            body,
          });
          await expectAnswered(res, before);
          // a watch is only for a name that can drop: anything else is refused, not stored
          if (path === 'watch' && res.status === 200) {
            const fqdn = (JSON.parse(body) as { fqdn: string }).fqdn;
            expect(() => parseDomainName(fqdn)).not.toThrow();
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('watches only names that can drop, and refuses anything else with a 400', async () => {
    await fc.assert(
      fc.asyncProperty(
        nearly(
          fc.constantFrom(
            'shop.com',
            'bücher.de',
            'xn--bcher-kva.de',
            'a.b',
            '-a-.com',
            'a..com',
            'shop.co.uk',
          ),
          70,
        ),
        async (fqdn) => {
          const before = errors.length;
          const res = await fetch(`${base}/watch`, {
            method: 'POST',
            headers: { authorization: auth(), 'content-type': 'application/json' },
            body: JSON.stringify({ fqdn }),
          });
          const { status } = res;
          await expectAnswered(res, before);
          const valid = (() => {
            try {
              return parseDomainName(fqdn) !== undefined;
            } catch {
              return false;
            }
          })();
          // a valid name may still be refused (409: too many watches); an invalid one always is
          if (!valid) expect(status).toBe(400);
          if (status === 200) expect(valid).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('refuses any request without valid launch data with a 401', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyText(100), mutated(fc.constant(auth()))), async (header) => {
        const res = await fetch(`${base}/me`, {
          headers: { authorization: header.replace(/[^\x20-\x7e]/g, '') },
        });
        const body = (await res.json()) as { error?: string; name?: string };
        if (res.status === 200) expect(body.name).toBe('Fuzz');
        else {
          expect(res.status).toBe(401);
          expect(body.error).toBe('UNAUTHORIZED');
        }
      }),
      { numRuns: 100 },
    );
  });
});
