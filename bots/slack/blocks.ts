import type { types } from '@slack/bolt';
import { ESCAPE, mrkdwnCode, utcText } from '../../src/index.ts';

// Block Kit builders for the staff replies. Slack rejects a whole message when one part breaks a
// limit (invalid_blocks), so every builder here cuts to the published limits, and `message()`
// checks the result: a list is paged by its command, and what reaches Slack always fits.

export type Block = types.KnownBlock;

/** Slack's limits for what we send. */
export const LIMITS = {
  blocks: 50,
  /**
   * all texts of one message together: not in the block reference, but Slack answers
   * msg_blocks_too_long above about 12 000 (slackapi/bolt-js#2509, #2867)
   */
  messageText: 12_000,
  sectionText: 3000,
  headerText: 150,
  contextText: 3000,
  buttonText: 75,
  buttonValue: 2000,
  actionElements: 25,
} as const;

export interface Reply {
  /** the notification and fallback text */
  text: string;
  blocks: Block[];
}

/** Text from customers, staff or registrars, shown as typed in mrkdwn (no markup, link or ping). */
export const esc = ESCAPE.mrkdwn;

/** The same for text inside inline code (`…`), where marks stay as typed for copying. */
export const escCode = mrkdwnCode;

/** `text` cut to `max` characters without leaving half an entity or link at the end. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let head = text.slice(0, max - 1);
  // an entity (&amp;) or a link (<…|…>) cut in half would show as garbage or be rejected
  head = head.replace(/&[#\w]*$/, '').replace(/<[^>]*$/, '');
  // nor half a surrogate pair
  if (/[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1);
  return `${head}…`;
}

/**
 * Every mrkdwn text we send is verbatim: Slack then links only the `<…>` we wrote ourselves, never
 * a URL, #channel or @name that came inside data.
 */
const mrkdwn = (text: string, max: number): types.MrkdwnElement => ({
  type: 'mrkdwn',
  text: cut(text, max),
  verbatim: true,
});

export const section = (text: string): Block => ({
  type: 'section',
  text: mrkdwn(text, LIMITS.sectionText),
});

/** A section with a button beside its text (a list row with its own action). */
export const sectionWithButton = (text: string, b: ButtonSpec): Block => ({
  type: 'section',
  text: mrkdwn(text, LIMITS.sectionText),
  accessory: button(b),
});

export const header = (text: string): Block => ({
  type: 'header',
  text: { type: 'plain_text', text: cut(text, LIMITS.headerText), emoji: true },
});

export const context = (text: string): Block => ({
  type: 'context',
  elements: [mrkdwn(text, LIMITS.contextText)],
});

export interface ButtonSpec {
  text: string;
  actionId: string;
  value: string;
  style?: 'primary' | 'danger';
}

export function button(b: ButtonSpec): types.Button {
  if (b.value.length > LIMITS.buttonValue) throw new Error(`button value of ${b.actionId} is too long`);
  return {
    type: 'button',
    text: { type: 'plain_text', text: cut(b.text, LIMITS.buttonText), emoji: true },
    action_id: b.actionId,
    value: b.value,
    ...(b.style ? { style: b.style } : {}),
  };
}

export function actions(buttons: ButtonSpec[]): Block {
  // Slack wants the action ids of one block distinct; a repeat is a bug in the caller
  if (new Set(buttons.map((b) => b.actionId)).size !== buttons.length)
    throw new Error('duplicate action ids in one block');
  if (buttons.length > LIMITS.actionElements) throw new Error('too many buttons in one block');
  return { type: 'actions', elements: buttons.map(button) };
}

/** Lines joined into as few texts of ≤ `max` characters as they fit in; a longer line is cut. */
function pack(lines: string[], max: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const raw of lines) {
    const line = cut(raw, max);
    if (current && current.length + 1 + line.length > max) {
      out.push(current);
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) out.push(current);
  return out;
}

/** Lines packed into as few sections as fit: a page of rows stays far below the 50-block limit. */
export const sections = (lines: string[]): Block[] => pack(lines, LIMITS.sectionText).map(section);

/** Lines as a monospaced table: fenced code in sections of ≤ 3000 characters, fences included. */
export function codeSections(lines: string[]): Block[] {
  const fence = '```';
  return pack(lines, LIMITS.sectionText - 2 * (fence.length + 1)).map((t) =>
    section(`${fence}\n${t}\n${fence}`),
  );
}

/** A message from blocks; throws when a builder upstream let through more than Slack accepts. */
export function message(text: string, blocks: Block[]): Reply {
  if (blocks.length > LIMITS.blocks)
    throw new Error(`a reply of ${blocks.length} blocks exceeds Slack's ${LIMITS.blocks}`);
  const length = textLength(blocks);
  if (length > LIMITS.messageText)
    throw new Error(`a reply of ${length} characters exceeds Slack's ${LIMITS.messageText}`);
  return { text: cut(text, 3000), blocks };
}

/** The characters of every text in the blocks, as Slack adds them up for msg_blocks_too_long. */
export function textLength(blocks: Block[]): number {
  let n = 0;
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'text' && typeof x === 'string') n += x.length;
        else visit(x);
      }
    }
  };
  visit(blocks);
  return n;
}

/** A short reply of one or a few paragraphs. */
export const note = (text: string): Reply => message(text, sections(text.split('\n')));

/** Times are always shown in UTC, whatever the process's or the staff member's zone. */
export function utc(d: Date | null | undefined): string {
  return d ? utcText(d) : 'unknown';
}
