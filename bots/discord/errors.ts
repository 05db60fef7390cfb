import { isDomainError, type Logger } from '../../src/index.ts';
import { esc } from './format.ts';

// What a member reads when a command cannot do what they asked: the reason in plain words, only
// to them (ephemeral). Our own faults are logged in full and shown only as a short apology.

/** A refusal worded for the member (missing permission, unknown rule, bad option). */
export class Refusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Refusal';
  }
}

export function explain(error: unknown, log: Logger, command: string): string {
  if (error instanceof Refusal) return error.message;
  if (isDomainError(error)) {
    switch (error.code) {
      case 'INVALID_INPUT':
      case 'INVALID_DOMAIN':
        return `Sorry, that did not work: ${esc(error.message)}.`;
      case 'NOT_FOUND':
        return `Sorry, ${esc(error.message)}.`;
      default:
        break;
    }
  }
  log.error('discord command failed', { command, error });
  return 'Sorry, something went wrong on our side. Please try again in a minute.';
}
