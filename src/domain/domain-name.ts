import { domainToASCII, domainToUnicode } from 'node:url';
import { DomainError } from '../errors.ts';

export interface LabelStats {
  length: number;
  letters: number;
  digits: number;
  hyphens: number;
  idn: boolean;
}

export interface DomainName extends LabelStats {
  /** ASCII (punycode) form, lowercase, no trailing dot */
  fqdn: string;
  /** the part before the first dot, ASCII form */
  label: string;
  /** everything after the first dot (`com`, `us.com`, `photography`) */
  zone: string;
  /** Unicode form for display */
  display: string;
}

export type DomainNameProblem =
  | 'empty'
  | 'no-zone'
  | 'bad-characters'
  | 'label-too-long'
  | 'name-too-long'
  | 'empty-label'
  | 'hyphen-edge'
  | 'bad-zone';

const REASONS: Record<DomainNameProblem, string> = {
  empty: 'is empty',
  'no-zone': 'has no zone: write the whole name, e.g. example.com',
  'bad-characters': 'contains characters a domain name cannot have',
  'label-too-long': 'has a part longer than 63 characters',
  'name-too-long': 'is longer than 253 characters',
  'empty-label': 'has an empty part (two dots in a row, or a leading dot)',
  'hyphen-edge': 'has a part that starts or ends with a hyphen',
  'bad-zone': 'does not end in a valid zone',
};

export class InvalidDomainName extends DomainError {
  constructor(
    readonly input: string,
    readonly problem: DomainNameProblem,
  ) {
    super('INVALID_DOMAIN', `"${input.slice(0, 100)}" ${REASONS[problem]}`, {
      input: input.slice(0, 100),
      problem,
    });
    this.name = 'InvalidDomainName';
  }
}

/**
 * Stats of a label as a person reads it: an IDN label (`xn--bcher-kva`) is counted in its Unicode
 * form (`bücher`: 6 characters, 6 letters, no hyphen), not by its punycode.
 */
export function labelStats(label: string): LabelStats {
  const idn = label.startsWith('xn--');
  const text = idn ? domainToUnicode(label) || label : label;
  let length = 0;
  let letters = 0;
  let digits = 0;
  let hyphens = 0;
  for (const ch of text) {
    length++;
    if (ch >= '0' && ch <= '9') digits++;
    else if (ch === '-') hyphens++;
    else if ((ch >= 'a' && ch <= 'z') || (idn && /\p{L}/u.test(ch))) letters++;
  }
  return { length, letters, digits, hyphens, idn };
}

const ASCII_PART = /^[a-z0-9-]+$/;
const DOT = 46;
const HYPHEN = 45;

/** A part of `text` from `start` to before `end` that is not a valid LDH label, length aside. */
const badPart = (text: string, start: number, end: number) =>
  end === start ||
  end - start > 63 ||
  text.charCodeAt(start) === HYPHEN ||
  text.charCodeAt(end - 1) === HYPHEN;

/**
 * The common case, a valid lowercase ASCII name without IDN parts, checked and counted in one pass
 * over its character codes: the drop-list import parses a million names, and the general path's
 * regular expressions and string iteration were most of its parsing time. Anything else (IDN,
 * every problem) returns undefined and is left to the general path, so each reason has one home.
 */
function plainAscii(text: string): DomainName | undefined {
  const n = text.length;
  if (n > 253) return undefined;
  let firstDot = -1;
  let partStart = 0;
  let digitsOnly = true;
  let digits = 0;
  let hyphens = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === DOT) {
      if (badPart(text, partStart, i)) return undefined;
      if (firstDot < 0) firstDot = i;
      partStart = i + 1;
      digitsOnly = true;
    } else if (c >= 48 && c <= 57) {
      if (firstDot < 0) digits++;
    } else if ((c >= 97 && c <= 122) || c === HYPHEN) {
      if (firstDot < 0 && c === HYPHEN) hyphens++;
      digitsOnly = false;
    } else return undefined;
  }
  if (firstDot < 0 || badPart(text, partStart, n) || digitsOnly || n - partStart < 2) return undefined;
  if (text.includes('xn--')) return undefined;
  const label = text.slice(0, firstDot);
  return {
    fqdn: text,
    label,
    zone: text.slice(firstDot + 1),
    display: text,
    length: firstDot,
    letters: firstDot - digits - hyphens,
    digits,
    hyphens,
    idn: false,
  };
}

function check(input: string): DomainName | DomainNameProblem {
  let text = input.trim().toLowerCase();
  if (text.endsWith('.')) text = text.slice(0, -1);
  if (text === '') return 'empty';
  const plain = plainAscii(text);
  if (plain) return plain;
  if (/[\s/@:?#\\]/.test(text)) return 'bad-characters';
  if (text.startsWith('.') || text.includes('..')) return 'empty-label';
  if (!text.includes('.')) return 'no-zone';
  // Fast path for plain ASCII; everything else goes through UTS #46 (IDNA) as browsers do.
  const ascii = /^[a-z0-9.-]+$/.test(text) ? text : domainToASCII(text);
  if (ascii === '') return 'bad-characters';
  if (ascii.length > 253) return 'name-too-long';
  const parts = ascii.split('.');
  for (const part of parts) {
    if (part === '') return 'empty-label';
    if (!ASCII_PART.test(part)) return 'bad-characters';
    if (part.length > 63) return 'label-too-long';
    if (part.startsWith('-') || part.endsWith('-')) return 'hyphen-edge';
  }
  const tld = parts[parts.length - 1]!;
  if (/^\d+$/.test(tld) || (tld.length < 2 && !tld.startsWith('xn--'))) return 'bad-zone';
  // Punycode typed as ASCII skipped IDNA above: an `xn--` part must decode (`xn--zz` does not).
  if (ascii.includes('xn--') && !validPunycode(ascii)) return 'bad-characters';
  const dot = ascii.indexOf('.');
  const label = ascii.slice(0, dot);
  const zone = ascii.slice(dot + 1);
  const display = ascii.includes('xn--') ? domainToUnicode(ascii) || ascii : ascii;
  return { fqdn: ascii, label, zone, display, ...labelStats(label) };
}

/** Whether the `xn--` parts of an ASCII name are punycode that IDNA (UTS #46) reads back as is. */
const validPunycode = (ascii: string) => domainToASCII(ascii) === ascii;

/** Parse and normalise a user-typed name, or throw InvalidDomainName with the precise reason. */
export function parseDomainName(input: string): DomainName {
  const r = check(String(input ?? ''));
  if (typeof r === 'string') throw new InvalidDomainName(String(input ?? ''), r);
  return r;
}

/** Like parseDomainName, for bulk paths where a bad row is counted rather than thrown. */
export function tryParseDomainName(input: string): DomainName | DomainNameProblem {
  return check(input);
}

export function displayName(fqdn: string): string {
  return fqdn.includes('xn--') ? domainToUnicode(fqdn) || fqdn : fqdn;
}

/** Zones are stored in ASCII; accept `.com`, `COM`, `Ünïcode` as typed. */
export function normaliseZone(input: string): string {
  const z = input.trim().toLowerCase().replace(/^\.+/, '').replace(/\.$/, '');
  const ascii = /^[a-z0-9.-]+$/.test(z) ? z : domainToASCII(`x.${z}`).slice(2);
  if (
    !ascii ||
    !/^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(ascii) ||
    /^\d+$/.test(ascii.split('.').pop() ?? '') ||
    (ascii.includes('xn--') && !validPunycode(`x.${ascii}`))
  ) {
    throw new InvalidDomainName(input, 'bad-zone');
  }
  return ascii;
}
