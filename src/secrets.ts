// What in the configuration is secret, and how to keep it out of text we write (log lines, error
// messages): the values of secret variables, in every form they may take in a line (raw, URL-encoded,
// JSON-escaped), and the secret parts of URLs, whichever variable they came from.

/** Variables whose whole value is secret (a public key too: it is nobody's business what ours is). */
const SECRET_NAME = /TOKEN|SECRET|PASSWORD|KEY/;

/** A URL's secret parts: the userinfo password, a Discord webhook token, credential-like query values. */
function secretsInUrl(value: string): string[] {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return [];
  }
  const found: string[] = [];
  if (url.password) found.push(decodeURIComponent(url.password), url.password);
  const webhook = /\/webhooks\/\d+\/([\w-]+)/.exec(url.pathname);
  if (webhook) found.push(webhook[1]!);
  for (const [k, v] of url.searchParams) if (CREDENTIAL_PARAM.test(k) && v) found.push(v);
  return found;
}

const CREDENTIAL_PARAM = /token|key|secret|pass|pw|sig/i;

/** Every secret string of the configuration, for the logger to scrub. */
export function secretsOf(config: object): string[] {
  const found = new Set<string>();
  for (const [name, value] of Object.entries(config)) {
    if (typeof value !== 'string') continue;
    if (SECRET_NAME.test(name)) found.add(value);
    for (const s of secretsInUrl(value)) found.add(s);
  }
  // A secret shows up URL-encoded in a request body or URL, and JSON-escaped in a JSON log line.
  for (const s of [...found]) {
    found.add(encodeURIComponent(s));
    found.add(JSON.stringify(s).slice(1, -1));
  }
  return [...found].filter((s) => s.length >= 4);
}

/** URL variables that may hold credentials (a password, a webhook token) anywhere in them. */
const CREDENTIAL_URLS = new Set([
  'DATABASE_URL',
  'DISCORD_WEBHOOK_URL',
  'DROPLIST_URL',
  'TELEGRAM_WEBHOOK_URL',
]);

/** Whether a variable's value must never be quoted back, even when it is malformed. */
export const mayHoldSecrets = (name: string) => SECRET_NAME.test(name) || CREDENTIAL_URLS.has(name);

/**
 * Secret parts of any URL in `text` (a password in `scheme://user:pass@`, a Discord webhook token,
 * credential-like query values), whether or not we know the value: an error message may quote a URL
 * that is in no variable.
 */
export function maskUrlSecrets(text: string): string {
  return text
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@"'<>]*:)[^\s/@"'<>]+@/gi, '$1[redacted]@')
    .replace(/(\/webhooks\/\d+\/)[\w-]+/g, '$1[redacted]')
    .replace(/([?&][^=&\s"']*(?:token|key|secret|pass|pw|sig)[^=&\s"']*=)[^&\s"']+/gi, '$1[redacted]');
}
