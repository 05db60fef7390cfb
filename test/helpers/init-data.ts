import { createHmac } from 'node:crypto';

// Telegram's side of a Mini App launch, for tests: the initData a client hands the page, signed as
// Telegram signs it (written from Telegram's description, not from our checker).

export function signInitData(
  token: string,
  user: { id: number; first_name?: string; language_code?: string },
  authDate: Date,
  extra: Record<string, string> = {},
): string {
  const fields: Record<string, string> = {
    query_id: 'AAHdF6IQAAAAAN0XohDhrOrc',
    user: JSON.stringify(user),
    auth_date: String(Math.floor(authDate.getTime() / 1000)),
    ...extra,
  };
  const check = Object.keys(fields)
    .sort()
    .map((k) => `${k}=${fields[k]}`)
    .join('\n');
  const secret = createHmac('sha256', 'WebAppData').update(token).digest();
  const hash = createHmac('sha256', secret).update(check).digest('hex');
  return new URLSearchParams({ ...fields, hash }).toString();
}
