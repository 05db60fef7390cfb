import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { TelegramUser } from '../customer-of.ts';

// A Mini App's launch data (`initData`), checked as Telegram specifies: the fields other than
// `hash`, sorted and joined as key=value lines, signed with HMAC-SHA256 under the key
// HMAC-SHA256("WebAppData", bot token). Signed data older than a day is refused too, so a copied
// string stops working.

export const MAX_AGE_MS = 24 * 60 * 60 * 1000;
const MAX_LENGTH = 4096;

const userSchema = z.object({
  id: z.number().int().positive(),
  first_name: z.string().max(256).optional(),
  last_name: z.string().max(256).optional(),
  username: z.string().max(64).optional(),
  language_code: z.string().max(35).optional(),
  is_bot: z.boolean().optional(),
});

export interface InitData {
  user: TelegramUser;
  authDate: Date;
}

export type InitDataProblem = 'missing' | 'malformed' | 'bad-hash' | 'expired' | 'no-user';

export const webAppKey = (botToken: string) => createHmac('sha256', 'WebAppData').update(botToken).digest();

/** The signed data, or why it is refused. */
export function checkInitData(raw: string, key: Buffer, now: Date): InitData | { problem: InitDataProblem } {
  if (!raw) return { problem: 'missing' };
  if (raw.length > MAX_LENGTH) return { problem: 'malformed' };
  const params = new URLSearchParams(raw);
  const hash = params.get('hash');
  if (!hash || !/^[0-9a-f]{64}$/.test(hash)) return { problem: 'malformed' };
  const lines = [...params.entries()]
    .filter(([k]) => k !== 'hash')
    .map(([k, v]) => `${k}=${v}`)
    .sort();
  const expected = createHmac('sha256', key).update(lines.join('\n')).digest();
  if (!timingSafeEqual(expected, Buffer.from(hash, 'hex'))) return { problem: 'bad-hash' };
  const authDate = Number(params.get('auth_date'));
  if (!Number.isSafeInteger(authDate) || authDate <= 0) return { problem: 'malformed' };
  const age = now.getTime() - authDate * 1000;
  if (age > MAX_AGE_MS) return { problem: 'expired' };
  let user: unknown;
  try {
    user = JSON.parse(params.get('user') ?? 'null');
  } catch {
    return { problem: 'malformed' };
  }
  const parsed = userSchema.safeParse(user);
  if (!parsed.success || parsed.data.is_bot) return { problem: 'no-user' };
  return { user: parsed.data, authDate: new Date(authDate * 1000) };
}
