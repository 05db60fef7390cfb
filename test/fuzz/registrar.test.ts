import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../src/clock.ts';
import { loadConfig } from '../../src/config.ts';
import { RegistrarError } from '../../src/errors.ts';
import { silentLogger } from '../../src/log.ts';
import * as cnr from '../../src/registrar/cnr/replies.ts';
import { REGISTRAR_CODE } from '../../src/registrar/codes.ts';
import { createRegistrar } from '../../src/registrar/create-registrar.ts';
import * as ispapi from '../../src/registrar/ispapi/replies.ts';
import { APPLICATION_STATUSES, RegistrantContact } from '../../src/registrar/port.ts';
import { type Command, encodeCommand } from '../../src/registrar/wire/command.ts';
import { checkedCalls, parseApiDate } from '../../src/registrar/wire/decode.ts';
import { normaliseName, parseReply } from '../../src/registrar/wire/reply.ts';
import { contact } from '../registrar/helpers.ts';
import { anyText, hugeText, mustRefuseWith, nearly } from './arbitraries.ts';

// The registrar's replies decide about customers' money: a reply we misread can charge for a name
// not caught. Both gateways are outside our control (and reached over the network), so a reply of
// any shape must come out as a reply we understood or as a RegistrarError the lifecycle handles
// (temporary: retried), never as a crash, a hang or a wrong value.

const NAMES = [
  'APPLICATION',
  'STATUS',
  'DOMAIN',
  'CLASS',
  'CREATEDDATE',
  'created date',
  'CREATED_DATE',
  'EXPIRATIONDATE',
  'registration expiration date',
  'FINALIZATIONDATE',
  'AUCTION-URL',
  'AUCTION-ENDDATE',
  'AUCTION-BESTBID',
  'SESSIONID',
  'TOTAL',
  'DROPDATE',
];

const value = nearly(
  fc.constantFrom(
    ...APPLICATION_STATUSES,
    'unpaid',
    'HOLD',
    'INVALID',
    '2026-12-01 10:00:00',
    '2026-02-30 10:00:00',
    '2026-12-01',
    'https://auction.example/1',
    'javascript:alert(1)',
    '123',
    'shop.com',
    '',
  ),
  30,
);

interface Line {
  name: string;
  index: number;
  value: string;
}

const propertyLine: fc.Arbitrary<Line> = fc.record({
  name: fc.oneof(fc.constantFrom(...NAMES), anyText(12)),
  index: fc.oneof(fc.nat(5), fc.nat(50), fc.integer({ min: 999_000, max: 1_200_000 })),
  value,
});

const writeLine = (l: Line, sp: boolean) =>
  sp ? `property[${l.name}][${l.index}] = ${l.value}` : `PROPERTY[${l.name}][${l.index}]=${l.value}`;

/** Replies as a gateway might send them: well formed, cut off, garbled, or not a reply at all. */
const body = fc.oneof(
  fc
    .record({
      code: fc.oneof(fc.constantFrom('200', '421', '545', '549'), anyText(4)),
      description: anyText(40),
      lines: fc.array(propertyLine, { maxLength: 12 }),
      eof: fc.boolean(),
      spaced: fc.boolean(),
      crlf: fc.boolean(),
    })
    .map((r) =>
      [
        '[RESPONSE]',
        `code = ${r.code}`,
        `description = ${r.description}`,
        ...r.lines.map((l) => writeLine(l, r.spaced)),
        ...(r.eof ? ['EOF'] : []),
      ].join(r.crlf ? '\r\n' : '\n'),
    ),
  // a short reply naming huge indexes of many properties
  fc
    .array(fc.integer({ min: 10_000, max: 999_999 }), { minLength: 1, maxLength: 40 })
    .map((idx) =>
      [
        '[RESPONSE]',
        'code=200',
        'description=ok',
        ...idx.map((i, n) => `property[p${n}][${i}]=x`),
        'EOF',
      ].join('\n'),
    ),
  anyText(200),
  hugeText,
);

describe('the [RESPONSE] block', () => {
  it('reads any body as a reply with a code, dense property columns, in bounded time', () => {
    fc.assert(
      fc.property(body, (text) => {
        const started = performance.now();
        const r = parseReply(text);
        expect(performance.now() - started).toBeLessThan(1000);
        expect(Number.isInteger(r.code) && r.code >= 0 && r.code <= 999).toBe(true);
        expect(typeof r.description).toBe('string');
        if (r.code === REGISTRAR_CODE.INVALID_RESPONSE) expect(r.description.length).toBeGreaterThan(0);
        for (const [name, column] of Object.entries(r.properties)) {
          expect(name).toBe(normaliseName(name));
          // no holes: every row of a column is a string
          expect(column.every((v) => typeof v === 'string')).toBe(true);
          expect(Object.keys(column).length).toBe(column.length);
          expect(column.length).toBeLessThanOrEqual(1_000_000);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('reads a written reply back as written', () => {
    const name = fc.string({ unit: fc.constantFrom(...'ABCDEFGHXYZ-'), minLength: 1, maxLength: 10 });
    const text = fc.string({ maxLength: 30 }).map((s) => s.replace(/[\r\n]/g, '').trim());
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 999 }),
        text,
        fc.dictionary(name, fc.array(text, { minLength: 1, maxLength: 5 }), { maxKeys: 5 }),
        fc.boolean(),
        (code, description, properties, lower) => {
          const lines = Object.entries(properties).flatMap(([n, column]) =>
            column.map((v, i) => `property[${lower ? n.toLowerCase() : n}][${i}] = ${v}`),
          );
          const r = parseReply(
            ['[RESPONSE]', `code = ${code}`, `description = ${description}`, ...lines, 'EOF', ''].join('\n'),
          );
          expect(r).toEqual({ code, description, properties });
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('reads any date text as a real UTC instant or none', () => {
    fc.assert(
      fc.property(
        nearly(fc.constantFrom('2026-12-01 10:00:00', '2026-12-01', '2024-02-29T23:59:59.5'), 30),
        (text) => {
          const d = parseApiDate(text);
          if (d) {
            expect(Number.isNaN(d.getTime())).toBe(false);
            expect(d.toISOString().slice(0, 10)).toBe(text.trim().slice(0, 10));
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});

// What goes the other way is built from what customers typed (their registrant data): a value
// must never break out of its KEY=VALUE line and add a parameter of its own.
describe('commands and registrant data', () => {
  it('accepts registrant data within the registrar limits or refuses it field by field', () => {
    const field = (valid: string, max: number) => nearly(fc.constant(valid), max + 20);
    fc.assert(
      fc.property(
        fc.record({
          firstName: field('Ada', 64),
          lastName: field('Lovelace', 64),
          organization: fc.option(field('Analytical Engines Ltd', 128), { nil: undefined }),
          street: field('12 St James Square', 255),
          city: field('London', 64),
          zip: field('SW1Y 4JH', 16),
          country: field('GB', 2),
          phone: field('+44 (20) 7123-4567', 20),
          email: field('ada@example.org', 40),
        }),
        (input) => {
          const r = RegistrantContact.safeParse(input);
          if (!r.success) {
            for (const i of r.error.issues) expect(Object.keys(input)).toContain(String(i.path[0]));
            return;
          }
          expect(r.data.country).toMatch(/^[A-Z]{2}$/);
          expect(r.data.phone).toMatch(/^\+\d{1,3}\.\d{4,14}$/);
          expect(r.data.firstName.length).toBeLessThanOrEqual(64);
          expect(r.data.zip.length).toBeLessThanOrEqual(16);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('encodes any values as exactly one line per parameter', () => {
    const key = fc.string({ unit: fc.constantFrom(...'ABCXYZ'), minLength: 1, maxLength: 6 });
    const scalar = fc.oneof(anyText(40), fc.integer());
    fc.assert(
      fc.property(
        fc.dictionary(
          key,
          fc.oneof(
            scalar,
            fc.array(scalar, { maxLength: 3 }),
            fc.dictionary(key, anyText(40), { maxKeys: 3 }),
          ),
        ),
        (fields) => {
          const command = { ...fields, COMMAND: 'AddDomainApplication' } as Command;
          const lines = encodeCommand(command).split('\n');
          const expected = Object.values(command).reduce<number>(
            (n, v) =>
              n +
              (Array.isArray(v) ? v.length : typeof v === 'object' && v !== null ? Object.keys(v).length : 1),
            0,
          );
          expect(lines.length).toBe(expected);
          for (const line of lines) expect(line).toMatch(/^[A-Z0-9]+=/);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('the reply schemas of both gateways', () => {
  const schemas = [
    ...Object.entries(ispapi).map(([n, s]) => [`HEXONET ${n}`, s] as const),
    ...Object.entries(cnr).map(([n, s]) => [`CNR ${n}`, s] as const),
  ];

  it('decode any reply or refuse it as an invalid response (423, temporary)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...schemas),
        body,
        fc.boolean(),
        async ([what, schema], text, columns) => {
          const ask = checkedCalls(async () => parseReply(text), what);
          try {
            await (columns ? ask.columns : ask.first)(schema, { COMMAND: 'Test' });
          } catch (e) {
            mustRefuseWith(
              e,
              (x) =>
                x instanceof RegistrarError &&
                x.registrarCode === REGISTRAR_CODE.INVALID_RESPONSE &&
                x.temporary,
            );
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});

// The clients as the lifecycle uses them, each call answered by a body of any shape. A StartSession
// (CNR) is answered properly half of the time, so calls also get past the login.
describe('the registrar clients on a garbled wire', () => {
  afterEach(() => vi.unstubAllGlobals());

  const registrars = {
    ispapi: () =>
      createRegistrar({
        config: loadConfig({
          REGISTRAR: 'ispapi',
          ISPAPI_LOGIN: 'u',
          ISPAPI_PASSWORD: 'p',
          ISPAPI_URL: 'http://fuzz.invalid/',
        }),
        clock: systemClock,
        log: silentLogger,
      }),
    cnr: () =>
      createRegistrar({
        config: loadConfig({
          REGISTRAR: 'cnr',
          CNR_LOGIN: 'u',
          CNR_PASSWORD: 'p',
          CNR_URL: 'http://fuzz.invalid/',
        }),
        clock: systemClock,
        log: silentLogger,
      }),
  };

  const calls = fc.constantFrom(
    'addApplication',
    'findApplication',
    'applicationStatus',
    'domainStatus',
    'deleteApplication',
    'checkAuthentication',
  );

  it('end every call in a result or a RegistrarError', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('ispapi', 'cnr' as const),
        calls,
        fc.array(body, { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        async (kind, call, bodies, loginWorks) => {
          let n = 0;
          vi.stubGlobal('fetch', async (_url: string, init: { body: URLSearchParams }) => {
            const command = init.body.get('s_command') ?? '';
            if (loginWorks && /COMMAND=StartSession/i.test(command))
              return new Response('[RESPONSE]\ncode=200\ndescription=ok\nproperty[SESSIONID][0]=s1\nEOF\n');
            return new Response(bodies[n++ % bodies.length]);
          });
          const r = registrars[kind]();
          const run = {
            addApplication: () =>
              r.addApplication({
                fqdn: 'shop.com',
                dropAt: new Date('2026-12-01T10:00:00Z'),
                contact,
                reference: '7',
                lite: false,
              }),
            findApplication: () => r.findApplication('shop.com'),
            applicationStatus: () => r.applicationStatus('123'),
            domainStatus: () => r.domainStatus('shop.com'),
            deleteApplication: () => r.deleteApplication('123'),
            checkAuthentication: () => r.checkAuthentication(),
          }[call];
          try {
            const result = await run();
            if (call === 'applicationStatus')
              expect(APPLICATION_STATUSES).toContain((result as { status: string }).status);
          } catch (e) {
            mustRefuseWith(e, (x) => x instanceof RegistrarError && x.message.length > 0);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
