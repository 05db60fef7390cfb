import { GrammyError } from 'grammy';
import { isRefusal } from '../../src/index.ts';
import type { Args, Text } from './text.ts';

// What a customer reads when the bot cannot do what they asked: a refusal worded by the bot
// (locale key), or a DomainError of the core in their language. Anything else is our fault: it
// is logged in full by the caller and shown only as a short apology.

export class Refusal extends Error {
  constructor(
    readonly key: string,
    readonly args: Args = {},
  ) {
    super(key);
    this.name = 'Refusal';
  }
}

/** The words for an error, and whether it is ours (to be logged). */
export function explain(e: unknown, text: Text): { html: string; unexpected: boolean } {
  if (e instanceof Refusal) return { html: text.t(e.key, e.args), unexpected: false };
  // A failure (ours or upstream) is logged by the caller; the customer gets its code's words all the same.
  return { html: text.error(e), unexpected: !isRefusal(e) };
}

/** Telegram will not deliver to this chat (blocked, deactivated): nothing to say to it any more. */
export const isUnreachable = (e: unknown) =>
  e instanceof GrammyError &&
  (e.error_code === 403 || /blocked|deactivated|chat not found|kicked/i.test(e.description));

/** Telegram's flood control, after auto-retry gave up (a wait longer than a person waits). */
export const isFlooded = (e: unknown) => e instanceof GrammyError && e.error_code === 429;
