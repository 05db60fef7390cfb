// The text after `/backorder`, as Slack sends it, into a sub-command and its words.
//
// Slack escapes &, < and > and, when the command has "escape channels, users, and links" on,
// turns what it recognises into <…> forms: `example.com` may arrive as `<http://example.com|example.com>`
// and a mention as `<@U123|name>`. Staff type what they see, so links become their label again and
// a mention becomes the identity reference `slack:U123` the core understands. Quotes ("…", and the
// “…” that Slack's clients substitute) keep words with spaces together, e.g. a customer's name.

export interface ParsedCommand {
  /** lower-case sub-command, '' for an empty text */
  name: string;
  args: string[];
  /** a trailing `page N` (any list command accepts it) */
  page: number | undefined;
}

function unslack(text: string): string {
  return text
    .replace(/<@([A-Z0-9]+)(?:\|[^>]*)?>/g, 'slack:$1')
    .replace(/<(?:https?:\/\/|mailto:)[^|>]*\|([^>]*)>/g, '$1')
    .replace(/<(?:https?:\/\/|mailto:)([^>]*)>/g, '$1')
    .replace(/<[#!][^|>]*\|([^>]*)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function tokenize(text: string): string[] {
  const words: string[] = [];
  const re = /["“”]([^"“”]*)["“”]?|(\S+)/g;
  for (const m of unslack(text).matchAll(re)) {
    const word = m[1] ?? m[2] ?? '';
    if (m[1] !== undefined || word !== '') words.push(word);
  }
  return words;
}

export function parseCommand(text: string): ParsedCommand {
  const words = tokenize(text);
  const name = (words.shift() ?? '').toLowerCase();
  let page: number | undefined;
  const n = words.length;
  if (n >= 2 && words[n - 2]!.toLowerCase() === 'page' && /^\d{1,6}$/.test(words[n - 1]!)) {
    page = Number(words[n - 1]);
    words.splice(n - 2, 2);
  }
  return { name, args: words, page };
}

/** How far apart two words are (edits), to suggest the sub-command someone meant. */
export function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}
