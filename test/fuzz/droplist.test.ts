import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitLines } from '../../src/droplist/lines.ts';
import { parseDropLine, parseDropTime } from '../../src/droplist/row-parser.ts';
import { DomainError } from '../../src/errors.ts';
import { anyText, domainName, hugeText, mutated, nearly } from './arbitraries.ts';

// The drop list is a file from someone else's server, a million lines a day: one line that throws
// instead of being counted as rejected stops the whole import, and one wrong date sends a
// backorder to the registrar at the wrong time.

const dropAt = fc.date({
  min: new Date('1970-01-01T00:00:00Z'),
  max: new Date('9999-12-31T23:59:59Z'),
  noInvalidDate: true,
});
/** `YYYY-MM-DD HH:MM:SS`, whole seconds, as the list writes it */
const timeText = (d: Date, t = ' ') => d.toISOString().slice(0, 19).replace('T', t);
const wholeSecond = (d: Date) => new Date(Math.floor(d.getTime() / 1000) * 1000).toISOString();

const validLine = fc
  .tuple(domainName, dropAt, fc.constantFrom(' ', 'T'), fc.boolean(), fc.constantFrom('', '\r', ';x;y', ';'))
  .map(([name, at, t, quoted, tail]) => {
    const q = (s: string) => (quoted ? `"${s}"` : s);
    return `${q(name)};${q(timeText(at, t))}${tail}`;
  });

const lines = fc.oneof(
  nearly(validLine, 100),
  fc.tuple(anyText(40), anyText(30)).map(([a, b]) => `${a};${b}`),
  fc.constantFrom(
    '',
    '\r',
    ';',
    'domain;drop_date',
    'example.com;2026-02-29 10:00:00',
    'a.com;2024-02-29 24:00:00',
  ),
  hugeText,
);

describe('drop-list rows', () => {
  it('reads any line as a valid row, a rejection with a reason, or nothing', () => {
    fc.assert(
      fc.property(lines, fc.boolean(), (line, first) => {
        const r = parseDropLine(line, first);
        if (r.kind === 'skip') return;
        if (r.kind === 'reject') {
          expect(r.reason.length).toBeGreaterThan(10);
          // a reason quotes at most 100 characters of the line, so a huge line is no huge reason
          expect(r.reason.length).toBeLessThan(1000);
          return;
        }
        expect(r.kind).toBe('row');
        const { row } = r;
        expect(row.fqdn).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
        expect(`${row.label}.${row.zone}`).toBe(row.fqdn);
        expect(row.dropAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
        expect(new Date(row.dropAt).toISOString()).toBe(row.dropAt);
        expect(row.score).toBe(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads a written row back to its name and drop time', () => {
    fc.assert(
      fc.property(domainName, dropAt, fc.boolean(), (name, at, crlf) => {
        const r = parseDropLine(`${name};${timeText(at)}${crlf ? '\r' : ''}`, false);
        expect(r).toMatchObject({ kind: 'row', row: { fqdn: name, dropAt: wholeSecond(at) } });
      }),
      { numRuns: 1000 },
    );
  });
});

describe('drop times', () => {
  it('reads any text as a real instant or as none', () => {
    const times = nearly(
      dropAt.map((d) => timeText(d)),
      25,
    );
    fc.assert(
      fc.property(
        fc.oneof(times, mutated(fc.constantFrom('2024-02-29 23:59:59', '2100-02-28 00:00:00'))),
        (text) => {
          const iso = parseDropTime(text);
          if (iso === undefined) return;
          // the instant written, not one JavaScript rolled over (Feb 30 → Mar 2)
          expect(new Date(iso).toISOString()).toBe(iso);
          expect(iso.slice(0, 10)).toBe(text.slice(0, 10));
          expect(iso.slice(11, 19)).toBe(text.slice(11, 19));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('lines of a list', () => {
  const collect = async (chunks: string[]) => {
    const out: string[] = [];
    for await (const lines of splitLines(
      (async function* () {
        yield* chunks;
      })(),
    ))
      out.push(...lines);
    return out;
  };

  /** a text cut into chunks at arbitrary places (a network read ends anywhere) */
  const chunked = fc
    .tuple(
      fc.array(fc.oneof(anyText(30), fc.constantFrom('\n', '\r\n', '\n\n')), { maxLength: 30 }),
      fc.array(fc.nat()),
    )
    .map(([parts, cuts]) => {
      const text = parts.join('');
      const bounds = [0, ...cuts.map((c) => c % (text.length + 1)), text.length].sort((a, b) => a - b);
      const chunks = bounds.slice(0, -1).map((start, i) => text.slice(start, bounds[i + 1]));
      return { text, chunks };
    });

  it('splits any text, however it is chunked, into the same lines', async () => {
    await fc.assert(
      fc.asyncProperty(chunked, async ({ text, chunks }) => {
        expect(chunks.join('')).toBe(text);
        const want = text.split('\n');
        if (want.at(-1) === '') want.pop();
        expect(await collect(chunks)).toEqual(want);
      }),
      { numRuns: 1000 },
    );
  });

  it('gives up on a line no drop list has, with an import failure in words', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 64 * 1024 + 1, max: 300_000 }),
        fc.integer({ min: 1, max: 20 }),
        async (n, parts) => {
          const text = 'x'.repeat(n);
          const size = Math.ceil(n / parts);
          const chunks = Array.from({ length: parts }, (_, i) => text.slice(i * size, (i + 1) * size));
          const failed = await collect(chunks).then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(failed).toBeInstanceOf(DomainError);
          expect((failed as DomainError).code).toBe('IMPORT_FAILED');
        },
      ),
      { numRuns: 50 },
    );
  });
});
