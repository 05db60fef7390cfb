import type { Core } from '../../src/index.ts';

// The customer behind a Telegram user, created the first time we hear of them with the language
// their app reports (en or de, else the default): by the bot's middleware for every update, and by
// the Mini App's API for every request.

export interface TelegramUser {
  id: number;
  first_name?: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

const nameOf = (from: TelegramUser) =>
  [from.first_name, from.last_name].filter(Boolean).join(' ').trim().slice(0, 200) ||
  from.username ||
  `Telegram ${from.id}`;

/**
 * One indexed read; a write only for a new user, or (`inPrivateChat`) for one who had blocked the
 * bot and writes to it again, so notifications may reach them again.
 */
export async function telegramCustomer(core: Core, from: TelegramUser, opts: { inPrivateChat: boolean }) {
  const externalId = String(from.id);
  const found = await core.customers.identity('telegram', externalId);
  if (found) {
    if (found.unreachable && opts.inPrivateChat)
      await core.customers.setReachable('telegram', externalId, true);
    return found.customer;
  }
  const created = await core.customers.findOrCreateByIdentity({
    platform: 'telegram',
    externalId,
    // In a private chat the chat id is the user id; notifications go there.
    address: externalId,
    name: nameOf(from),
    language: from.language_code,
  });
  return created.customer;
}
