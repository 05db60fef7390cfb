import { domainToASCII } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type DomainNameProblem,
  InvalidDomainName,
  normaliseZone,
  parseDomainName,
  tryParseDomainName,
} from '../../src/domain/domain-name.ts';
import { currencyExponent, formatAmount, parseAmount } from '../../src/domain/money.ts';
import { InvalidInput } from '../../src/errors.ts';
import { anyText, domainName, hugeText, ldhLabel, mustRefuseWith, nearly, zoneName } from './arbitraries.ts';

// Every name the service handles was typed by someone or came in a drop list: a name accepted here
// is sent to the registrar and stored, a name refused must say why in words. A single accepted
// name that is not one (bad punycode, a digits-only zone) is a failed order later, far from here.

const PROBLEMS: DomainNameProblem[] = [
  'empty',
  'no-zone',
  'bad-characters',
  'label-too-long',
  'name-too-long',
  'empty-label',
  'hyphen-edge',
  'bad-zone',
];

const isNameRefusal = (e: unknown) =>
  e instanceof InvalidDomainName &&
  e.code === 'INVALID_DOMAIN' &&
  PROBLEMS.includes(e.problem) &&
  e.message.length > 10;

/** Letters of many scripts, as people type IDN names. */
const unicodeLabel = fc.string({
  unit: fc.constantFrom(...'äöüßéñçøåłžšαβγδабвгд中文日本한국ไทยअआ0123456789-abc'),
  minLength: 1,
  maxLength: 20,
});

const names = fc.oneof(
  nearly(domainName, 120),
  nearly(
    fc.tuple(unicodeLabel, fc.constantFrom('com', 'de', 'рф', '中国', 'co.uk')).map(([l, z]) => `${l}.${z}`),
    60,
  ),
  // punycode as typed: valid, or letters after xn-- that decode to nothing
  fc
    .tuple(
      fc.oneof(fc.constantFrom('bcher-kva', 'ls8h', '9ca', 'p1ai'), ldhLabel(20)),
      zoneName,
      fc.boolean(),
    )
    .map(([p, z, tld]) => (tld ? `shop.xn--${p}` : `xn--${p}.${z}`)),
  fc.tuple(domainName, fc.constantFrom(' ', '\t', '.', '..', 'HTTP://', '@', ':80')).map(([n, s]) => n + s),
  hugeText,
);

describe('domain names', () => {
  it('parses any text to a valid name or refuses it with its reason', () => {
    fc.assert(
      fc.property(names, (input) => {
        let d: ReturnType<typeof parseDomainName>;
        try {
          d = parseDomainName(input);
        } catch (e) {
          mustRefuseWith(e, isNameRefusal);
          // the bulk form gives the same reason instead of throwing
          expect(tryParseDomainName(input)).toBe((e as InvalidDomainName).problem);
          return;
        }
        expect(d.fqdn).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
        expect(d.fqdn.length).toBeLessThanOrEqual(253);
        for (const part of d.fqdn.split('.')) {
          expect(part.length).toBeLessThanOrEqual(63);
          expect(part.startsWith('-') || part.endsWith('-')).toBe(false);
        }
        expect(d.fqdn.split('.').at(-1)).not.toMatch(/^\d+$/);
        expect(`${d.label}.${d.zone}`).toBe(d.fqdn);
        expect(d.label).not.toContain('.');
        // IDN parts are real punycode: what the registry will take, the same after IDNA once more
        expect(domainToASCII(d.fqdn)).toBe(d.fqdn);
        expect(d.letters + d.digits + d.hyphens).toBeLessThanOrEqual(d.length);
        // canonical: the name, and the name as displayed, read back to itself
        expect(parseDomainName(d.fqdn)).toEqual(d);
        expect(parseDomainName(d.display).fqdn).toBe(d.fqdn);
        expect(tryParseDomainName(input)).toEqual(d);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads a valid name back as itself, however it was typed', () => {
    fc.assert(
      fc.property(domainName, fc.constantFrom('', ' ', '.', ' \t'), fc.boolean(), (name, pad, upper) => {
        const typed = `${pad.trim() ? '' : pad}${upper ? name.toUpperCase() : name}${pad}`;
        const d = parseDomainName(typed);
        expect(d.fqdn).toBe(name);
        expect(parseDomainName(d.display).fqdn).toBe(name);
        expect(d.length).toBe(d.label.length);
      }),
      { numRuns: 1000 },
    );
  });

  it('counts an IDN label by its Unicode characters and shows it as typed', () => {
    fc.assert(
      fc.property(unicodeLabel, fc.constantFrom('com', 'de'), (label, zone) => {
        const r = tryParseDomainName(`${label}.${zone}`);
        if (typeof r === 'string') return;
        expect(parseDomainName(r.display)).toEqual(r);
        const shown = r.display.slice(0, r.display.lastIndexOf('.'));
        expect(r.length).toBe([...shown].length);
      }),
      { numRuns: 1000 },
    );
  });

  it('normalises any zone text to an ASCII zone or refuses it as a bad zone', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          nearly(zoneName, 40),
          fc.constantFrom('.COM', 'Ünïcode', '.рф', 'xn--zz', 'co..uk', '123'),
          anyText(300),
        ),
        (zone) => {
          let z: string;
          try {
            z = normaliseZone(zone);
          } catch (e) {
            mustRefuseWith(e, (x) => x instanceof InvalidDomainName && x.problem === 'bad-zone');
            return;
          }
          expect(z).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)*$/);
          expect(z.split('.').at(-1)).not.toMatch(/^\d+$/);
          expect(domainToASCII(`x.${z}`)).toBe(`x.${z}`);
          expect(normaliseZone(z)).toBe(z);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('money amounts', () => {
  const currencies = fc.oneof(fc.constantFrom('USD', 'eur', 'JPY', 'KWD', 'BHD', 'XXX'), anyText(4));
  const amounts = nearly(
    fc
      .tuple(fc.bigInt({ min: 0n, max: 10n ** 15n - 1n }), fc.nat(3), fc.constantFrom('.', ','))
      .map(([n, frac, sep]) => (frac ? `${n}${sep}${'5'.repeat(frac)}` : String(n))),
    30,
  );

  it('parses any amount text to minor units or refuses it with InvalidInput', () => {
    fc.assert(
      fc.property(amounts, currencies, fc.boolean(), (text, currency, allowZero) => {
        let minor: bigint;
        try {
          minor = parseAmount(text, currency, { allowZero });
        } catch (e) {
          mustRefuseWith(e, (x) => x instanceof InvalidInput && x.message.length > 10);
          return;
        }
        expect(minor >= (allowZero ? 0n : 1n)).toBe(true);
        // an amount read back from its own text is the same amount
        expect(parseAmount(formatAmount(minor, currency), currency, { allowZero })).toBe(minor);
        expect(currencyExponent(currency)).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 2000 },
    );
  });
});
