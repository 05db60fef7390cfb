import type { Format } from './channel.ts';

// What every value inserted into a template goes through, per format. Text from customers,
// registrars and drop lists must never turn into markup, links or pings.

/** What Handlebars' own HTML escaping writes for each character it escapes (Telegram decodes them). */
const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#x27;',
  '`': '&#x60;',
  '=': '&#x3D;',
};

/** Telegram's HTML parse mode. */
const html = (s: string) => s.replace(/[&<>"'`=]/g, (c) => HTML_ENTITIES[c] as string);

/** Slack mrkdwn's three escapes: `<` starts links and mentions, `&` entities, `>` quotes. */
const entities = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Slack mrkdwn. Formatting marks (* _ ~ `) have no escape in Slack: a zero-width space on each side
 * keeps them from pairing into bold, italics, strike or code; one after the @ keeps @here, @channel
 * and @everyone from pinging, and one before a quote mark at the start of a line keeps a value from
 * quoting. (The Slack app also sends every text with `verbatim: true`, so plain URLs, #channels and
 * @names are not turned into links.) Inside inline code use `mrkdwnCode`, which leaves marks as typed.
 */
const mrkdwn = (s: string) =>
  entities(s)
    .replace(/[*_~`]/g, '\u200b$&\u200b')
    .replace(/@(here|channel|everyone)/gi, '@\u200b$1')
    .replace(/^(\s*)&gt;/gm, '$1\u200b&gt;');

/** Inside Slack inline code nothing formats, but a backtick would end the code early. */
export const mrkdwnCode = (s: string) => entities(s).replace(/`/g, 'ˋ');

/**
 * Discord markdown: a backslash makes ASCII punctuation literal. That covers emphasis, code,
 * spoilers, quotes, masked links and `<@id>` mentions anywhere, and headings and lists at the start
 * of a line (only there, so domain names and dates stay readable in notifications' raw text).
 * @everyone and @here are plain words: a zero-width space after the @ keeps them from pinging.
 */
const markdown = (s: string) =>
  s
    .replace(/[\\*_~`|<>[\]()]/g, '\\$&')
    .replace(/^(\s*)([#+-])/gm, '$1\\$2')
    .replace(/^(\s*)(\d+)\./gm, '$1$2\\.')
    .replace(/@(everyone|here)/gi, '@\u200b$1');

export const ESCAPE: Record<Format, (s: string) => string> = { html, mrkdwn, markdown };
