import { type I18n, isDomainError, type Logger } from '../../src/index.ts';
import { esc } from './format.ts';

// What a member reads when a command cannot do what they asked: the reason in plain words, only
// to them (ephemeral). Every other refusal of the core (a zone not offered, a backorder already
// open, a wrong link code…) is worded by the core's typed-error words (locales: error-<code>); the
// Discord app speaks English. Our own faults are logged in full and shown only as a short apology.

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
  if (isDomainError(error)) {
    switch (error.code) {
      case 'INVALID_INPUT':
      case 'INVALID_DOMAIN':
        return `Sorry, that did not work: ${esc(error.message)}.`;
      case 'NOT_FOUND':
        return `Sorry, ${esc(error.message)}.`;
      case 'REGISTRAR_TEMPORARY':
      case 'REGISTRAR_PERMANENT':
      case 'IMPORT_FAILED':
        // not a refusal of what the member asked: ours to look into
        break;
      default:
        return `Sorry, that did not work. ${esc(i18n.errorText(LANGUAGE, error))}`;
    }
  }
  log.error('discord command failed', { command, error });
  return 'Sorry, something went wrong on our side. Please try again in a minute.';
}
