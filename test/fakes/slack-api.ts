import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

// A loopback fake of Slack's Web API (the methods our staff app calls) and of slash-command
// response_urls. Bolt's WebClient talks to it for real when `slackApiUrl` points here.

export interface SlackCall {
  method: string;
  body: Record<string, unknown>;
  /** the bearer token the call was made with */
  token: string | undefined;
  at: number;
}

export interface FakeSlack {
  /** Web API base for Bolt's clientOptions.slackApiUrl, ends with /api/ */
  apiUrl: string;
  /** a fresh response_url for one slash command */
  responseUrl(): string;
  calls: SlackCall[];
  /** messages accepted by chat.postMessage, in order */
  posted: Array<{ channel: string; text: string }>;
  /** messages posted to response_urls, in order */
  responses: Array<{ id: string; body: Record<string, unknown> }>;
  /** the next n calls of a method answer 429 with Retry-After */
  rateLimit(method: string, n: number, retryAfterSeconds?: number): void;
  /** a method answers {ok:false,error}: the next `times` calls, or every call from now on */
  failWith(method: string, error: string, times?: number): void;
  /** for the next `ms`, every call of a method answers 429 ratelimited with Retry-After */
  rateLimitFor(method: string, ms: number, retryAfterSeconds?: number): void;
  /** the next n calls of a method answer with an HTTP error status (Slack's own trouble) */
  httpError(method: string, status: number, n: number): void;
  waitFor(predicate: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  if ((req.headers['content-type'] ?? '').includes('application/json')) return JSON.parse(text);
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(text)) {
    out[k] = /^[[{]/.test(v) ? safeJson(v) : v;
  }
  return out;
}

function safeJson(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

// Slack's limits for the payloads we send; the real API rejects anything larger, the whole message at
// once. The total is not in the block reference but is enforced (slackapi/bolt-js#2509).
const MAX_TOTAL_TEXT = 12_000;

type Json = Record<string, unknown>;
const textOf = (o: unknown): string => {
  const t = (o as { text?: unknown } | undefined)?.text;
  return typeof t === 'string' ? t : '';
};

function totalText(v: unknown): number {
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + totalText(x), 0);
  if (!v || typeof v !== 'object') return 0;
  let n = 0;
  for (const [k, x] of Object.entries(v))
    n += k === 'text' && typeof x === 'string' ? x.length : totalText(x);
  return n;
}

function invalidButton(b: Json): boolean {
  return (
    textOf(b.text).length > 75 ||
    String(b.value ?? '').length > 2000 ||
    String(b.action_id ?? '').length > 255
  );
}

function invalidBlocks(body: Json): string | undefined {
  const blocks = body.blocks as Json[] | undefined;
  if (!blocks) return undefined;
  if (blocks.length > 50) return 'invalid_blocks';
  for (const b of blocks) {
    if (
      b.type === 'section' &&
      (textOf(b.text).length > 3000 || (b.accessory && invalidButton(b.accessory as Json)))
    )
      return 'invalid_blocks';
    if (b.type === 'header' && textOf(b.text).length > 150) return 'invalid_blocks';
    if (b.type === 'context' && (b.elements as Json[]).some((e) => textOf(e).length > 3000))
      return 'invalid_blocks';
    if (b.type === 'actions') {
      const elements = b.elements as Json[];
      const ids = new Set(elements.map((e) => e.action_id));
      if (elements.length > 25 || ids.size !== elements.length || elements.some(invalidButton))
        return 'invalid_blocks';
    }
  }
  if (totalText(blocks) > MAX_TOTAL_TEXT) return 'msg_blocks_too_long';
  return undefined;
}

export async function startFakeSlack(): Promise<FakeSlack> {
  const calls: SlackCall[] = [];
  const responses: FakeSlack['responses'] = [];
  const posted: FakeSlack['posted'] = [];
  const limited = new Map<string, { n: number; after: number }>();
  const failures = new Map<string, { error: string; n: number }>();
  const httpErrors = new Map<string, { status: number; n: number }>();
  const storms = new Map<string, { until: number; after: number }>();
  let ts = 1_700_000_000;
  let responseId = 0;
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const body = await readBody(req);
    const send = (status: number, value: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(value));
    };
    if (url.pathname.startsWith('/respond/')) {
      const error = invalidBlocks(body);
      if (error) return send(400, { ok: false, error });
      responses.push({ id: url.pathname.slice('/respond/'.length), body });
      return send(200, { ok: true });
    }
    const method = url.pathname.replace(/^\/api\//, '');
    calls.push({ method, body, token: req.headers.authorization?.replace(/^Bearer /, ''), at: Date.now() });
    const storm = storms.get(method);
    if (storm && Date.now() < storm.until)
      return send(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(storm.after) });
    const limit = limited.get(method);
    if (limit && limit.n > 0) {
      limit.n--;
      return send(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(limit.after) });
    }
    const broken = httpErrors.get(method);
    if (broken && broken.n > 0) {
      broken.n--;
      res.writeHead(broken.status, { 'content-type': 'text/html' });
      res.end('<html>upstream trouble</html>');
      return;
    }
    const failure = failures.get(method);
    if (failure && failure.n > 0) {
      failure.n--;
      return send(200, { ok: false, error: failure.error });
    }
    switch (method) {
      case 'auth.test':
        return send(200, { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1', user: 'backorder' });
      case 'chat.postMessage':
      case 'chat.postEphemeral':
      case 'chat.update': {
        const error = invalidBlocks(body);
        if (error) return send(200, { ok: false, error });
        if (method === 'chat.postMessage')
          posted.push({
            channel: String(body.channel),
            text: `${body.text ?? ''}\n${JSON.stringify(body.blocks ?? [])}`,
          });
        ts += 1;
        return send(200, { ok: true, channel: body.channel, ts: `${ts}.000100`, message_ts: `${ts}.000100` });
      }
      case 'conversations.open':
        return send(200, { ok: true, channel: { id: `D${String(body.users ?? 'X')}` } });
      case 'users.info':
        return send(200, {
          ok: true,
          user: { id: body.user, name: `user-${String(body.user)}`, real_name: 'Staff Member' },
        });
      default:
        return send(200, { ok: true });
    }
  });
  // Longer than any pause in a test: a client reusing a connection the server has just closed gets
  // "fetch failed", which here would only measure how busy the test machine is.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    apiUrl: `${base}/api/`,
    responseUrl: () => `${base}/respond/${++responseId}`,
    calls,
    posted,
    responses,
    rateLimit: (method, n, after = 1) => void limited.set(method, { n, after }),
    failWith: (method, error, times = Number.POSITIVE_INFINITY) =>
      void failures.set(method, { error, n: times }),
    httpError: (method, status, n) => void httpErrors.set(method, { status, n }),
    rateLimitFor: (method, ms, after = 1) => void storms.set(method, { until: Date.now() + ms, after }),
    async waitFor(predicate, timeoutMs = 5_000) {
      const end = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > end) throw new Error('timed out waiting for the fake Slack API');
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
