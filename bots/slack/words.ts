import { forUser, isDomainError, isRefusal, UsageError } from '../../src/index.ts';

import { esc } from './blocks.ts';

// What staff read when something did not work. The core's DomainError messages are precise English
// ("customer 7 not found", "\"XYZ\" is not an ISO 4217 currency code"): staff get them as they are,
// framed politely. Anything else is our fault: it is logged, and staff get no internals.

export const REFUSAL =
  "Sorry, the staff commands are only for the reseller's staff, and your Slack account is not on the list. " +
  'If you need access, please ask an administrator to add your user id to SLACK_ADMIN_USER_IDS.';

export const REPLY_REFUSED =
  'Sorry, Slack did not accept my answer (it has been logged). Please narrow the command down, e.g. with a filter or `page N`.';

const sentence = (s: string) => {
  const t = s.trim();
  return `${t.charAt(0).toUpperCase()}${t.slice(1)}${/[.!?]$/.test(t) ? '' : '.'}`;
};

/** The words (mrkdwn) for an error, and whether it was unexpected (a failure, to be logged). */
export function errorWords(raw: unknown): { text: string; unexpected: boolean } {
  const e = forUser(raw);
  // already mrkdwn, with what staff typed escaped where it is quoted (see UsageError)
  if (e instanceof UsageError) return { text: e.message, unexpected: false };
  if (isDomainError(e)) {
    const words = esc(sentence(e.message));
    if (e.code === 'NOT_FOUND') return { text: `Sorry, I could not find that: ${words}`, unexpected: false };
    return { text: `Sorry, that did not work: ${words}`, unexpected: !isRefusal(e) };
  }
  return {
    text: 'Sorry, something went wrong on our side. It has been logged; please try again in a moment.',
    unexpected: true,
  };
}
