import Handlebars from 'handlebars';
import type { Format } from './channel.ts';

// What every value inserted into a template goes through, per format. Text from customers,
// registrars and drop lists must never turn into markup, links or pings.

/** Telegram's HTML parse mode: Handlebars' own HTML escaping (Telegram decodes the entities it writes). */
const html = (s: string) => Handlebars.Utils.escapeExpression(s);

/** Slack mrkdwn has exactly three control characters; `<` also starts links and @-mentions. */
const mrkdwn = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

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
