import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

// A loopback fake of Discord's REST API v10 as far as our community app uses it: webhook execution
// (with the documented 5 requests per 2 s limit, answered with 429 and retry_after), interaction
// callbacks, follow-ups, edits and deletion of the original response, channel messages (and
// channels that are gone), DM channels with users (and users who refuse them) and command
// registration. discord.js's REST and WebhookClient talk to it for real when their `api` option
// points at `api`.

export interface DiscordCall {
  method: string;
  path: string;
  body: any;
  headers: IncomingMessage['headers'];
  at: number;
}

export interface FakeDiscord {
  /** REST base for discord.js (`new REST({ api })`), without the version */
  api: string;
  calls: DiscordCall[];
  /** messages created through webhooks, follow-ups and channel posts */
  messages: Array<{ route: string; body: any }>;
  rateLimited: number;
  /** channels that answer 404 Unknown Channel (deleted, or the bot was removed) */
  goneChannels: Set<string>;
  /** user id → the DM channel opened with POST /users/@me/channels */
  dmChannels: Map<string, string>;
  /** users whose DM channel cannot be opened (403, Cannot send messages to this user) */
  refusedDms: Set<string>;
  /** for the next `ms`, every request answers 429 with the global flag (the bot's global limit) */
  globalLimitFor(ms: number): void;
  /** for the next `ms`, every request answers this HTTP error status (Discord's own trouble) */
  downFor(ms: number, status: number): void;
  callsTo(pathPrefix: string): DiscordCall[];
  waitFor(predicate: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const WEBHOOK_LIMIT = 5;
const WEBHOOK_WINDOW_MS = 2_000;
const CONTENT_MAX = 2000;
const EMBEDS_MAX = 6000;
const DESCRIPTION_MAX = 4096;

function embedChars(embeds: any[] | undefined): number {
  let n = 0;
  for (const e of embeds ?? []) {
    n +=
      (e.title ?? '').length +
      (e.description ?? '').length +
      (e.footer?.text ?? '').length +
      (e.author?.name ?? '').length;
    for (const f of e.fields ?? []) n += (f.name ?? '').length + (f.value ?? '').length;
  }
  return n;
}

export async function startFakeDiscord(): Promise<FakeDiscord> {
  const calls: DiscordCall[] = [];
  const messages: FakeDiscord['messages'] = [];
  const windows = new Map<string, number[]>();
  const goneChannels = new Set<string>();
  const dmChannels = new Map<string, string>();
  const refusedDms = new Set<string>();
  let rateLimited = 0;
  let globalUntil = 0;
  let down = { until: 0, status: 502 };
  let nextId = 1_100_000_000_000_000_000n;
  const id = () => String(nextId++);

  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://x');
    // clients may percent-encode `@original`, as discord.js does; Discord reads both
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v\d+/, '');
    let body: any = {};
    if ((req.headers['content-type'] ?? '').includes('application/json') && raw) body = JSON.parse(raw);
    else if ((req.headers['content-type'] ?? '').includes('multipart/form-data')) {
      const m = /name="payload_json"\r\n(?:[^\r\n]*\r\n)*\r\n([\s\S]*?)\r\n--/.exec(raw);
      body = m ? JSON.parse(m[1]!) : {};
    }
    const method = req.method ?? 'GET';
    calls.push({ method, path, body, headers: req.headers, at: Date.now() });
    const send = (status: number, value?: unknown, headers: Record<string, string> = {}) => {
      if (value === undefined) {
        res.writeHead(status, headers);
        res.end();
        return;
      }
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(value));
    };
    if (Date.now() < globalUntil) {
      rateLimited++;
      return send(
        429,
        { message: 'You are being rate limited.', retry_after: 1, global: true },
        { 'retry-after': '1', 'x-ratelimit-global': 'true', 'x-ratelimit-scope': 'global' },
      );
    }
    if (Date.now() < down.until) return send(down.status, { message: 'Service Unavailable', code: 0 });
    const tooBig = () =>
      (body.content ?? '').length > CONTENT_MAX ||
      embedChars(body.embeds) > EMBEDS_MAX ||
      (body.embeds?.length ?? 0) > 10 ||
      (body.embeds ?? []).some((e: any) => (e.description ?? '').length > DESCRIPTION_MAX);
    const message = (channelId: string) => ({
      id: id(),
      type: 0,
      channel_id: channelId,
      content: body.content ?? '',
      embeds: body.embeds ?? [],
      timestamp: new Date().toISOString(),
      author: { id: '1', username: 'backorder', discriminator: '0000', avatar: null },
      attachments: [],
      mentions: [],
      mention_roles: [],
      pinned: false,
      mention_everyone: false,
      tts: false,
      edited_timestamp: null,
      flags: body.flags ?? 0,
      components: [],
    });

    const webhook = /^\/webhooks\/(\d+)\/([^/]+)(\/messages\/@original)?$/.exec(path);
    const callback = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path);
    const channel = /^\/channels\/(\d+)\/messages$/.exec(path);
    const commands = /^\/applications\/(\d+)(\/guilds\/(\d+))?\/commands$/.exec(path);
    if (webhook) {
      const m = webhook;
      const key = `${m[1]}/${m[2]}`;
      if (method === 'POST' && !m[3]) {
        const now = Date.now();
        const recent = (windows.get(key) ?? []).filter((t) => now - t < WEBHOOK_WINDOW_MS);
        if (recent.length >= WEBHOOK_LIMIT) {
          rateLimited++;
          const retryAfter = (WEBHOOK_WINDOW_MS - (now - recent[0]!)) / 1000;
          windows.set(key, recent);
          return send(
            429,
            { message: 'You are being rate limited.', retry_after: retryAfter, global: false },
            { 'retry-after': String(Math.ceil(retryAfter)), 'x-ratelimit-scope': 'shared' },
          );
        }
        recent.push(now);
        windows.set(key, recent);
        if (tooBig()) return send(400, { code: 50035, message: 'Invalid Form Body' });
        const msg = message('webhook-channel');
        messages.push({ route: `webhook:${key}`, body });
        return send(200, msg, {
          'x-ratelimit-limit': String(WEBHOOK_LIMIT),
          'x-ratelimit-remaining': String(WEBHOOK_LIMIT - recent.length),
          'x-ratelimit-reset-after': '2',
          'x-ratelimit-bucket': `wh-${m[1]}`,
        });
      }
      if (method === 'PATCH' && m[3]) {
        if (tooBig()) return send(400, { code: 50035, message: 'Invalid Form Body' });
        messages.push({ route: `original:${key}`, body });
        return send(200, message('interaction-channel'));
      }
      if (method === 'DELETE' && m[3]) {
        messages.push({ route: `deleted:${key}`, body: {} });
        return send(204);
      }
    }
    if (callback && method === 'POST') {
      if (tooBig()) return send(400, { code: 50035, message: 'Invalid Form Body' });
      messages.push({ route: `callback:${callback[1]}`, body });
      return send(204);
    }
    if (channel && method === 'POST') {
      const channelId = channel[1]!;
      if (goneChannels.has(channelId)) return send(404, { code: 10003, message: 'Unknown Channel' });
      if (tooBig()) return send(400, { code: 50035, message: 'Invalid Form Body' });
      messages.push({ route: `channel:${channelId}`, body });
      return send(200, message(channelId));
    }
    if (path === '/users/@me/channels' && method === 'POST') {
      const user = String(body.recipient_id ?? '');
      if (!/^\d+$/.test(user)) return send(400, { code: 50035, message: 'Invalid Form Body' });
      if (refusedDms.has(user))
        return send(403, { code: 50007, message: 'Cannot send messages to this user' });
      // Discord answers with the existing DM channel when there is one
      let dm = dmChannels.get(user);
      if (!dm) {
        dm = id();
        dmChannels.set(user, dm);
      }
      return send(200, {
        id: dm,
        type: 1,
        last_message_id: null,
        recipients: [{ id: user, username: 'member', discriminator: '0', avatar: null }],
      });
    }
    if (commands && method === 'PUT') {
      return send(
        200,
        (body as any[]).map((c) => ({
          ...c,
          id: id(),
          application_id: commands[1],
          version: '1',
          guild_id: commands[3],
        })),
      );
    }
    return send(404, { code: 0, message: `404: Not Found (${method} ${path})` });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const api = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  return {
    api,
    calls,
    messages,
    get rateLimited() {
      return rateLimited;
    },
    goneChannels,
    dmChannels,
    refusedDms,
    callsTo: (prefix) => calls.filter((c) => c.path.startsWith(prefix)),
    globalLimitFor(ms) {
      globalUntil = Date.now() + ms;
    },
    downFor(ms, status) {
      down = { until: Date.now() + ms, status };
    },
    async waitFor(predicate, timeoutMs = 5_000) {
      const end = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > end) throw new Error('timed out waiting for the fake Discord API');
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: () =>
      new Promise((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
