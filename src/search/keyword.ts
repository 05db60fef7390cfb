import { domainToASCII } from 'node:url';

// The keyword of a search: a piece of the label in its ASCII (punycode) form. Without a star it is
// a substring; stars anchor it: `car*` starts with, `*car` ends with, `a*b` starts with a and ends
// with b, and any star matches any run of characters (also none).

export interface KeywordPattern {
  /** normalised form as typed back to the user, e.g. `car`, `car*`, `a*b` */
  text: string;
  /** the literal pieces between the stars, in order, never empty */
  segments: string[];
  /** the first segment must start the label (both anchors imply at least two segments) */
  anchoredStart: boolean;
  /** the last segment must end the label */
  anchoredEnd: boolean;
}

/** The pattern (none for an empty keyword or a lone `*`), or why the keyword is refused. */
export type KeywordResult = { pattern?: KeywordPattern } | { problem: string };

const ASCII_KEYWORD = /^[a-z0-9*-]+$/;

export function parseKeyword(input: string): KeywordResult {
  let text = input.trim().toLowerCase().replace(/\*+/g, '*');
  if (text === '' || text === '*') return {};
  if (text.includes('.'))
    return { problem: 'matches the label only (the part before the first dot); give the zone separately' };
  if (!ASCII_KEYWORD.test(text)) {
    // A name typed in Unicode is stored as punycode; pieces of punycode do not line up with pieces
    // of the Unicode text, so only a whole Unicode label can be converted.
    if (text.includes('*')) return { problem: 'with * must be in ASCII or punycode (xn--…) form' };
    const ascii = domainToASCII(`${text}.com`);
    if (!ascii.endsWith('.com') || !ASCII_KEYWORD.test(ascii.slice(0, -4))) {
      return { problem: 'contains characters a domain name cannot have' };
    }
    text = ascii.slice(0, -4);
  }
  const segments = text.split('*').filter(Boolean);
  if (segments.join('').length > 63) return { problem: 'is longer than a label can be (63 characters)' };
  const plain = !text.includes('*');
  return {
    pattern: {
      text,
      segments,
      anchoredStart: !plain && !text.startsWith('*'),
      anchoredEnd: !plain && !text.endsWith('*'),
    },
  };
}

/**
 * The same pattern for SQL LIKE. The keyword holds only a-z, 0-9, `-` and `*` (checked above), so
 * it carries no LIKE metacharacter of its own; it is still always sent as a bound parameter.
 */
export function likePattern(p: KeywordPattern): string {
  return `${p.anchoredStart ? '' : '%'}${p.segments.join('%')}${p.anchoredEnd ? '' : '%'}`;
}
