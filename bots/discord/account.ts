import { type Core, LINK_CODE_TTL_MS, MINUTE } from '../../src/index.ts';
import { Refusal } from './errors.ts';
import type { Invocation } from './payload.ts';

// A Discord member's customer account: a `discord` identity (the Discord user id) that the member
// attached with a one-time code from the Telegram bot (/link there, /link code:… here). Commands
// about an account act for the linked customer only, and see only that customer's data.

export const PLATFORM = 'discord';

const minutes = Math.round(LINK_CODE_TTL_MS / MINUTE);

/** How a member links their account, step by step. */
export const LINK_STEPS = [
  `1. Open our Telegram bot and send **/link**: it answers with a one-time code (valid ${minutes} minutes).`,
  '2. Here, run **/link** with that code, e.g. `/link code:K7QX9MPD`.',
  'Then /backorder and /mybackorders work here too. No account yet? Send /start to our Telegram bot first.',
].join('\n');

/** What an unlinked member reads. */
export const LINK_HINT = `Your Discord account is not linked to a customer account yet. To link it:\n${LINK_STEPS}`;

/** The invoking Discord user; every interaction has one, a payload without one is refused. */
export function userOf(invocation: Invocation): string {
  if (!invocation.userId) throw new Refusal('Sorry, Discord did not say who you are. Please try again.');
  return invocation.userId;
}

/** The customer linked to the invoking member, or a refusal that explains how to link. */
export async function linkedCustomer(invocation: Invocation, core: Core) {
  const userId = userOf(invocation);
  const customer = await core.customers.byIdentity(PLATFORM, userId);
  if (!customer) throw new Refusal(LINK_HINT);
  return { customer, userId, actor: `${PLATFORM}:${userId}` };
}
