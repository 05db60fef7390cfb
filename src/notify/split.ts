import type { ChannelLimits, Format, OutgoingMessage } from './channel.ts';

// Cutting rendered text to a platform's limits. Cuts fall on line boundaries when a line boundary
// fits, else on a space, else between two characters, but never inside an HTML tag, an HTML entity,
// a Markdown escape (`\*`), a Slack link (`<…>`) or a surrogate pair. Markup that is open at a cut
// (a Telegram `<b>` spanning lines, a ``` code fence) is closed at the end of the piece and opened
// again at the start of the next, so every piece is valid on its own: Telegram rejects unbalanced
// HTML outright.

/** Separates the notifications of one digest message. */
export const DIGEST_SEPARATOR = '\n\n';

interface Open {
  name: string;
  open: string;
  close: string;
}

// Atoms are the indivisible units of each format; long runs of plain text come in pieces of at
// most 32 code points so a line without spaces can still be cut close to the limit.
const ATOMS: Record<Format, RegExp> = {
  html: /<[^>]*>|&#?\w+;|\n|[^\S\n]+|[^\s<&]{1,32}|[\s\S]/gu,
  mrkdwn: /^```[^\n]*|<[^>\n]*>|&\w+;|\n|[^\S\n]+|[^\s<&`]{1,32}|[\s\S]/gmu,
  markdown: /^```[^\n]*|\\[\s\S]|\n|[^\S\n]+|[^\s\\`]{1,32}|[\s\S]/gmu,
};

function step(format: Format, state: readonly Open[], atom: string): readonly Open[] {
  if (format === 'html') {
    const tag = /^<(\/?)([a-zA-Z][\w-]*)/.exec(atom);
    if (!tag) return state;
    const name = tag[2]!.toLowerCase();
    if (tag[1]) {
      const at = state.map((o) => o.name).lastIndexOf(name);
      return at < 0 ? state : state.slice(0, at);
    }
    return [...state, { name, open: atom, close: `</${name}>` }];
  }
  if (!atom.startsWith('```')) return state;
  return state.length > 0 ? [] : [{ name: 'fence', open: `${atom}\n`, close: '\n```' }];
}

const openers = (state: readonly Open[]) => state.map((o) => o.open).join('');
const closers = (state: readonly Open[]) =>
  state
    .map((o) => o.close)
    .reverse()
    .join('');

/** Cut `text` into pieces of at most `max` characters (UTF-16 code units, as the platforms count). */
export function splitText(text: string, max: number, format: Format): string[] {
  const body = text.replace(/\s+$/, '');
  if (body.length <= max) return body === '' ? [] : [body];
  const atoms = body.match(ATOMS[format]) ?? [];
  const pieces: string[] = [];
  let state: readonly Open[] = [];
  let pos = 0;
  while (pos < atoms.length) {
    while (pos < atoms.length && atoms[pos] === '\n') pos++;
    if (pos >= atoms.length) break;
    const head = openers(state);
    let length = head.length;
    let st = state;
    // best cut so far of each kind: the index of the last atom kept, and the state after it
    let line = -1;
    let space = -1;
    let any = -1;
    const states: Array<readonly Open[]> = [];
    let end = -1;
    for (let i = pos; i < atoms.length; i++) {
      const atom = atoms[i]!;
      length += atom.length;
      st = step(format, st, atom);
      states[i] = st;
      if (length + closers(st).length > max) break;
      if (i === atoms.length - 1) {
        end = i;
        break;
      }
      if (atom === '\n') line = i - 1;
      else if (/^\s+$/.test(atom)) space = i - 1;
      else any = i;
    }
    let next: number;
    if (end >= 0) {
      next = atoms.length;
    } else {
      end = line >= pos ? line : space >= pos ? space : any;
      if (end < pos) throw new Error(`cannot fit "${atoms[pos]!.slice(0, 40)}" into ${max} characters`);
      // a cut at a line break or a space drops that break
      next = end === line || end === space ? end + 2 : end + 1;
    }
    const after = states[end]!;
    const content = atoms.slice(pos, end + 1).join('');
    if (content.trim() !== '') pieces.push(`${head}${content}${closers(after)}`);
    state = after;
    pos = next;
  }
  return pieces;
}

/** The messages one rendered text becomes on a channel with these limits. */
export function layout(text: string, limits: ChannelLimits, format: Format): OutgoingMessage[] {
  if (!limits.blocks) return splitText(text, limits.maxChars, format).map((t) => ({ text: t, blocks: [t] }));
  const messages: OutgoingMessage[] = [];
  let current: OutgoingMessage | null = null;
  for (const block of splitText(text, limits.blocks.maxChars, format)) {
    const merged: OutgoingMessage | null = current && {
      text: `${current.text}\n${block}`,
      blocks: [...current.blocks, block],
    };
    if (merged && fits(merged, limits)) {
      current = merged;
      continue;
    }
    if (current) messages.push(current);
    current = { text: block, blocks: [block] };
  }
  if (current) messages.push(current);
  return messages;
}

export function fits(message: OutgoingMessage, limits: ChannelLimits): boolean {
  if (message.text.length > limits.maxChars) return false;
  if (!limits.blocks) return true;
  return (
    message.blocks.length <= limits.blocks.maxBlocks &&
    message.blocks.every((b) => b.length <= limits.blocks!.maxChars)
  );
}

/** Two messages as one (a digest), or null when the result would break a limit. */
export function merge(a: OutgoingMessage, b: OutgoingMessage, limits: ChannelLimits): OutgoingMessage | null {
  const text = `${a.text}${DIGEST_SEPARATOR}${b.text}`;
  const merged = { text, blocks: limits.blocks ? [...a.blocks, ...b.blocks] : [text] };
  return fits(merged, limits) ? merged : null;
}
