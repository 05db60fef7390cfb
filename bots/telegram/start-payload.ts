// Deep links into the bot (`t.me/<bot>?start=<payload>`): a payload is at most 64 characters of
// A-Z a-z 0-9 _ -. A name to back-order travels as `bo_` and the name with its dots as
// underscores, which no domain name contains.

const MAX_PAYLOAD = 64;
const PLACE = 'bo_';

/** The link that opens the bot on this name, or undefined when the name is too long for one. */
export function placeLink(bot: string, fqdn: string): string | undefined {
  const payload = `${PLACE}${fqdn.replaceAll('.', '_')}`;
  if (payload.length > MAX_PAYLOAD || !/^[A-Za-z0-9_-]+$/.test(payload)) return undefined;
  return `https://t.me/${bot}?start=${payload}`;
}

/** The name a /start payload asks to back-order, if it is such a payload. */
export function nameToPlace(payload: string): string | undefined {
  if (!payload.startsWith(PLACE) || payload.length > MAX_PAYLOAD) return undefined;
  const name = payload.slice(PLACE.length);
  return /^[a-z0-9-]+(_[a-z0-9-]+)+$/.test(name) ? name.replaceAll('_', '.') : undefined;
}
