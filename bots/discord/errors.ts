import { type I18n, isDomainError, isRefusal, type Logger } from '../../src/index.ts';
import { esc } from './format.ts';

// What a member reads when a command cannot do what they asked: the reason in plain words, only
// to them (ephemeral). Every other refusal of the core (a zone not offered, a backorder already
// open, a wrong link code…) is worded by the core's typed-error words (locales: error-<code>); the
// Discord app speaks English. Failures (ours or upstream, src/errors.ts ERROR_KINDS) are logged in
// full; the member gets their code's words, or a short apology for anything the core did not name.

/** The language of the Discord app's words. */
const LANGUAGE = 'en';

/** A refusal worded for the member (missing permission, unknown rule, bad option). */
export class Refusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Refusal';
  }
}

export function explain(error: unknown, log: Logger, command: string, i18n: I18n): string {
  if (error instanceof Refusal) return error.message;
  if (isRefusal(error)) {
    switch (error.code) {
      case 'INVALID_INPUT':
      case 'INVALID_DOMAIN':
        return `Sorry, that did not work: ${esc(error.message)}.`;
      case 'NOT_FOUND':
        return `Sorry, ${esc(error.message)}.`;
      default:
        return `Sorry, that did not work. ${esc(i18n.errorText(LANGUAGE, error))}`;
    }
  }
  log.error('discord command failed', { command, error });
  // a failure the core named (registrar, database busy, a race) has words; anything else is a bug
  if (isDomainError(error)) return `Sorry, that did not work. ${esc(i18n.errorText(LANGUAGE, error))}`;
  return 'Sorry, something went wrong on our side. Please try again in a minute.';
}
