import { domainToUnicode } from 'node:url';
import { commonWords, type Dictionary, splitWords } from './words.ts';

// A name's quality score, 0 to 100, from the name alone and the zone's bonus: deterministic (the
// same name scores the same on every machine, at any time), computed once per name at import, and
// kept as its parts so the product can say why. An IDN label is scored on its Unicode form.
//
//   length         42 − 3 per character, at least 0: short names are what buyers pay for
//   words          the label splits into dictionary words (English, German): one word +30, two +22,
//                  three +14, more +8; half its letters or more in words +1
//   pattern        all letters, at most 4 long +12; all digits, 1–5 long +15; letters that alternate
//                  consonants and vowels (pronounceable, 4 or more, not words) +8
//   penalties      each hyphen −10; letters mixed with digits −12; a character three times in a
//                  row −1
//   zone           the zone's bonus (staff set it: `backorder score zones`, Slack `score zones`)
//
// Adding a hyphen or a digit never raises a score: every part above only falls or stays when one
// is inserted (a separator can only lose words and patterns). Within one kind of name (and number
// of words), one more character costs 3 points, more than any part that can differ between two
// names of that kind, up to 13 characters: beyond that, length no longer counts.

export type ScoreKind = 'word' | 'words' | 'digits' | 'pronounceable' | 'letters' | 'mixed';

export interface ScoreParts {
  /** characters of the label, as read (Unicode for an IDN) */
  length: number;
  lengthPoints: number;
  /** the dictionary words the label splits into, in order */
  words: string[];
  /** every letter is in one of the words */
  allWords: boolean;
  wordPoints: number;
  pattern: 'short-letters' | 'digits' | 'pronounceable' | null;
  patternPoints: number;
  hyphens: number;
  mixed: boolean;
  repeats: boolean;
  penaltyPoints: number;
  zoneBonus: number;
  kind: ScoreKind;
}

export interface Score {
  score: number;
  parts: ScoreParts;
}

const WORD_POINTS = [0, 30, 22, 14];
const MANY_WORDS = 8;
const VOWELS = 'aeiouyäöü';

const isDigit = (code: number) => code >= 48 && code <= 57;
/** a-z, or any other letter of a Unicode label */
const isLetter = (code: number) =>
  (code >= 97 && code <= 122) || (code > 127 && /\p{L}/u.test(String.fromCharCode(code)));

/** Consonants and vowels alternate: never three of either in a row. */
function pronounceable(label: string): boolean {
  let run = 0;
  let vowel: boolean | undefined;
  for (let i = 0; i < label.length; i++) {
    const v = VOWELS.includes(label[i]!);
    run = v === vowel ? run + 1 : 1;
    vowel = v;
    if (run > 2) return false;
  }
  return true;
}

/**
 * The label's score, its zone's bonus included. At import a million labels are scored: this walks
 * the label's characters once and splits its letter runs with the trie, allocating nothing unless
 * `explain` asks for the words.
 */
export function scoreLabel(
  asciiLabel: string,
  zoneBonus = 0,
  explain = false,
  dictionary: Dictionary = commonWords(),
): Score {
  const label = asciiLabel.startsWith('xn--')
    ? (domainToUnicode(asciiLabel) || asciiLabel).toLowerCase()
    : asciiLabel;
  // Unicode labels are short; counted in code points (an astral letter is two code units).
  const length = label.length === asciiLabel.length ? label.length : [...label].length;
  let letters = 0;
  let digits = 0;
  let hyphens = 0;
  let repeats = false;
  let covered = 0;
  let wordCount = 0;
  const words: string[] | undefined = explain ? [] : undefined;
  let run = -1;
  for (let i = 0; i <= label.length; i++) {
    const code = i < label.length ? label.charCodeAt(i) : -1;
    const letter = code >= 0 && isLetter(code);
    if (letter) {
      letters++;
      if (run < 0) run = i;
    } else {
      if (run >= 0) {
        const split = splitWords(label, run, i, dictionary, words);
        covered += split.covered;
        wordCount += split.count;
        run = -1;
      }
      if (isDigit(code)) digits++;
      else if (code === 45) hyphens++;
    }
    if (i >= 2 && code >= 0 && code === label.charCodeAt(i - 1) && code === label.charCodeAt(i - 2))
      repeats = true;
  }
  const allWords = letters > 0 && covered === letters;
  const wordPoints = allWords
    ? (WORD_POINTS[wordCount] ?? MANY_WORDS)
    : letters > 0 && covered * 2 >= letters
      ? 1
      : 0;
  const onlyLetters = letters === length;
  const pattern =
    onlyLetters && length <= 4
      ? 'short-letters'
      : digits === length && length <= 5
        ? 'digits'
        : onlyLetters && length >= 4 && !allWords && pronounceable(label)
          ? 'pronounceable'
          : null;
  const patternPoints = pattern === 'short-letters' ? 12 : pattern === 'digits' ? 15 : pattern ? 8 : 0;
  const mixed = letters > 0 && digits > 0;
  const penaltyPoints = 10 * hyphens + (mixed ? 12 : 0) + (repeats ? 1 : 0);
  const lengthPoints = Math.max(0, 42 - 3 * length);
  const kind: ScoreKind =
    digits === length
      ? 'digits'
      : !onlyLetters
        ? 'mixed'
        : allWords
          ? wordCount === 1
            ? 'word'
            : 'words'
          : pattern === 'pronounceable'
            ? 'pronounceable'
            : 'letters';
  const total = lengthPoints + wordPoints + patternPoints - penaltyPoints + zoneBonus;
  return {
    score: Math.max(0, Math.min(100, total)),
    parts: {
      length,
      lengthPoints,
      words: words ?? [],
      allWords,
      wordPoints,
      pattern,
      patternPoints,
      hyphens,
      mixed,
      repeats,
      penaltyPoints,
      zoneBonus,
      kind,
    },
  };
}
