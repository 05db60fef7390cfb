import fc from 'fast-check';

// A red CI must be reproducible, so the properties run from a fixed seed; FUZZ_SEED=random explores
// new inputs (a failure prints its seed and counterexample: add it to the property's examples).
const seed = process.env.FUZZ_SEED;
if (seed !== 'random') fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: Number(seed ?? 20_261_204) });

// Shared generators for the fuzz properties. Outside input is rarely random noise: it is mostly
// almost right (a typo, a cut-off line, one wrong field), so every valid generator below has a
// "one mutation away" companion, beside plain garbage of every Unicode shape.

/** Characters that mean something to our parsers: separators, quotes, signs, digits, case. */
const SIGNIFICANT = [
  ...'.-_:;,=<>*#@/\\"\'“”|&%+ \t\r\n0123456789aAzZxX',
  'xn--',
  '\u00ad',
  '\u200d',
  'İ',
  // keys every plain object has: a lookup by what someone typed must not find them
  'constructor',
  '__proto__',
  'toString',
];

/** Any text: plain, full Unicode (graphemes and lone surrogates), and dense in significant characters. */
export const anyText = (maxLength = 80): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ maxLength }),
    fc.string({ unit: 'grapheme', maxLength }),
    fc.string({ unit: 'binary', maxLength }),
    fc.string({ unit: fc.constantFrom(...SIGNIFICANT), maxLength }),
  );

/** Text far longer than anything valid: a runaway line, a pasted file. */
export const hugeText: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('a', '1', '-', '.', 'ü', ' ', 'xn--a.'), fc.integer({ min: 300, max: 200_000 }))
  .map(([unit, n]) => unit.repeat(Math.ceil(n / unit.length)));

/** One edit of a valid text: a character inserted, removed or replaced, the text cut, or doubled. */
export const mutated = (valid: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc
    .tuple(
      valid,
      fc.nat(),
      fc.constantFrom('insert', 'delete', 'replace', 'cut', 'double', 'upper'),
      fc.oneof(fc.constantFrom(...SIGNIFICANT), fc.string({ unit: 'binary', minLength: 1, maxLength: 2 })),
    )
    .map(([text, at, how, ch]) => {
      const i = text.length === 0 ? 0 : at % (text.length + 1);
      switch (how) {
        case 'insert':
          return text.slice(0, i) + ch + text.slice(i);
        case 'delete':
          return text.slice(0, i) + text.slice(i + 1);
        case 'replace':
          return text.slice(0, i) + ch + text.slice(i + 1);
        case 'cut':
          return text.slice(0, i);
        case 'double':
          return text + text;
        default:
          return text.toUpperCase();
      }
    });

/** Valid, almost valid and invalid text together, the mix a parser meets. */
export const nearly = (valid: fc.Arbitrary<string>, maxLength = 80): fc.Arbitrary<string> =>
  fc.oneof({ weight: 3, arbitrary: valid }, { weight: 4, arbitrary: mutated(valid) }, anyText(maxLength));

/** Any JSON value, including the wrong type where an object or a string was expected. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(null, true, 0, -1, 1.5, 2 ** 53, Number.NaN, '', [], {}),
);

/** An object from a valid one with one field removed, retyped or replaced by noise. */
export const mutatedObject = (valid: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<unknown> =>
  fc
    .tuple(valid, fc.nat(), fc.constantFrom('drop', 'retype', 'extra'), anyJson, anyText(20))
    .map(([o, at, how, junk, key]) => {
      const keys = Object.keys(o);
      const k = keys.length ? keys[at % keys.length]! : key;
      const copy: Record<string, unknown> = { ...o };
      if (how === 'drop') delete copy[k];
      else if (how === 'retype') copy[k] = junk;
      else copy[key] = junk;
      return copy;
    });

/** A lowercase LDH label of 1 to 63 characters, not starting or ending with a hyphen. */
export const ldhLabel = (maxLength = 63): fc.Arbitrary<string> =>
  fc
    .string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-'), minLength: 1, maxLength })
    .filter((l) => !l.startsWith('-') && !l.endsWith('-') && !l.startsWith('xn--') && l.slice(2, 4) !== '--');

/** A zone as registries have them: `com`, `co.uk`, `photography`, IDN zones in punycode. */
export const zoneName: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('com', 'net', 'org', 'de', 'co.uk', 'us.com', 'photography', 'xn--p1ai', 'xn--fiqs8s'),
  fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), minLength: 2, maxLength: 12 }),
);

/** A valid ASCII domain name in canonical form (lowercase, no trailing dot). */
export const domainName: fc.Arbitrary<string> = fc
  .tuple(ldhLabel(), zoneName)
  .map(([label, zone]) => `${label}.${zone}`)
  .filter((n) => n.length <= 253);

/** What a property may throw: `expected(e)` must hold, anything else is a defect shown in full. */
export function mustRefuseWith(e: unknown, expected: (e: unknown) => boolean): void {
  if (!expected(e)) {
    const shown = e instanceof Error ? `${e.name}: ${e.message}\n${e.stack}` : String(e);
    throw new Error(`threw something other than the parser's own error: ${shown}`);
  }
}
