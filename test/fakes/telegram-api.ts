import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A loopback fake of the Telegram Bot API (https://core.telegram.org/bots/api) for the methods our
// bot and notifications use. grammY talks to it for real when its `apiRoot` points at `apiRoot`.
// It enforces what Telegram enforces and our code must respect: 4096 characters per message after
// entity parsing, well-formed HTML in parse_mode HTML, about one message per second per chat and
// 30 per second in all (answered with 429 and `parameters.retry_after`), and 403 for users who
// blocked the bot. Every call is recorded.

export interface TelegramCall {
  method: string;
  token: string;
  params: Record<string, any>;
  /** performance.now() when the request arrived */
  at: number;
  status: number;
}

export interface TelegramMessage {
  chatId: string;
  messageId: number;
  text: string;
  params: Record<string, any>;
  at: number;
}

export interface FakeTelegramOptions {
  /** minimum gap between two messages to one chat (Telegram: about 1 s) */
  perChatIntervalMs?: number;
  /** messages per rolling second over all chats (Telegram: about 30) */
  totalPerSecond?: number;
  /** false turns the rate limits off (for bot tests that do not care) */
  enforceLimits?: boolean;
}

export interface FakeTelegram {
  /** for grammY's `client.apiRoot` (and TELEGRAM_API_ROOT) */
  apiRoot: string;
  botInfo: {
    id: number;
    is_bot: true;
    first_name: string;
    username: string;
    can_join_groups: boolean;
    can_read_all_group_messages: boolean;
    supports_inline_queries: boolean;
    can_connect_to_business: boolean;
    has_main_web_app: boolean;
    has_topics_enabled: boolean;
    allows_users_to_create_topics: boolean;
    can_manage_bots: boolean;
    supports_join_request_queries: boolean;
  };
  calls: TelegramCall[];
  /** messages accepted (sendMessage, sendInvoice, …) and edits, in order */
  messages: TelegramMessage[];
  /** how many requests were answered with 429 */
  readonly rateLimited: number;
  /** the webhook set with setWebhook, if any */
  readonly webhook: { url: string; secret_token?: string } | null;
  /** the chat blocked the bot: sends answer 403 */
  block(chatId: string | number): void;
  unblock(chatId: string | number): void;
  /** the next `times` calls of `method` fail with this answer (e.g. a 502) */
  failNext(
    method: string,
    times: number,
    error: { status: number; description: string; retryAfter?: number },
  ): void;
  /**
   * the next call of `method` waits, unanswered, until `release()`: a slow Telegram, with no clock
   * involved; `reached` resolves when that call has arrived
   */
  holdNext(method: string): { reached: Promise<void>; release(): void };
  /** for the next `ms`, every call of `method` fails, taking the given answers in turn (a storm) */
  failFor(
    method: string,
    ms: number,
    errors: Array<{ status: number; description: string; retryAfter?: number }>,
  ): void;
  /** queue an update for getUpdates (update_id is assigned when missing) */
  pushUpdate(update: Record<string, any>): void;
  callsTo(method: string): TelegramCall[];
  to(chatId: string | number): TelegramMessage[];
  waitFor(predicate: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const MAX_TEXT = 4096;
const SENDING = new Set([
  'sendMessage',
  'sendInvoice',
  'sendPhoto',
  'sendDocument',
  'copyMessage',
  'forwardMessage',
]);
const TAGS = new Set([
  'b',
  'strong',
  'i',
  'em',
  'u',
  'ins',
  's',
  'strike',
  'del',
  'span',
  'tg-spoiler',
  'a',
  'tg-emoji',
  'code',
  'pre',
  'blockquote',
]);
const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

/** Telegram's HTML parse mode: the visible text, or the error Telegram would give. */
export function parseTelegramHtml(html: string): { text: string } | { error: string } {
  const stack: string[] = [];
  let text = '';
  const re =
    /<(\/?)([a-zA-Z][\w-]*)((?:\s+[\w-]+(?:="[^"]*"|='[^']*')?)*)\s*>|&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);|[<>&]|[^<>&]+/g;
  for (const m of html.matchAll(re)) {
    const token = m[0];
    if (m[2]) {
      const name = m[2].toLowerCase();
      if (!TAGS.has(name))
        return { error: `Bad Request: can't parse entities: Unsupported start tag "${name}"` };
      if (m[1]) {
        if (stack.pop() !== name)
          return { error: `Bad Request: can't parse entities: Unexpected end tag "${name}"` };
      } else stack.push(name);
    } else if (m[4]) {
      const e = m[4];
      if (e.startsWith('#')) {
        const code = e[1] === 'x' ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10);
        text += String.fromCodePoint(code);
      } else if (NAMED_ENTITIES[e]) text += NAMED_ENTITIES[e];
      else return { error: `Bad Request: can't parse entities: Unsupported HTML entity "&${e};"` };
    } else if (token === '<' || token === '>' || token === '&') {
      if (token === '<') return { error: "Bad Request: can't parse entities: Unsupported start tag" };
      text += token;
    } else text += token;
  }
  if (stack.length)
    return {
      error: `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "${stack.pop()}"`,
    };
  return { text };
}

async function readParams(req: IncomingMessage, url: URL): Promise<Record<string, any>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  const type = req.headers['content-type'] ?? '';
  const params: Record<string, any> = Object.fromEntries(url.searchParams);
  if (!raw) return params;
  if (type.includes('application/json')) return { ...params, ...JSON.parse(raw) };
  const decode = (v: string) => {
    try {
      return /^[[{]/.test(v) ? JSON.parse(v) : v;
    } catch {
      return v;
    }
  };
  if (type.includes('multipart/form-data')) {
    for (const m of raw.matchAll(
      /name="([^"]+)"(?:; filename="[^"]*")?\r\n(?:[^\r\n]*\r\n)*\r\n([\s\S]*?)\r\n--/g,
    )) {
      params[m[1]!] = decode(m[2]!);
    }
    return params;
  }
  for (const [k, v] of new URLSearchParams(raw)) params[k] = decode(v);
  return params;
}

export async function startFakeTelegram(options: FakeTelegramOptions = {}): Promise<FakeTelegram> {
  const perChatMs = options.perChatIntervalMs ?? 1000;
  const perSecond = options.totalPerSecond ?? 30;
  const enforce = options.enforceLimits ?? true;
  const calls: TelegramCall[] = [];
  const messages: TelegramMessage[] = [];
  const blocked = new Set<string>();
  const failures = new Map<string, Array<{ status: number; description: string; retryAfter?: number }>>();
  const storms = new Map<
    string,
    {
      until: number;
      next: number;
      errors: Array<{ status: number; description: string; retryAfter?: number }>;
    }
  >();
  const holds = new Map<string, Array<{ arrived(): void; released: Promise<void> }>>();
  const updates: Array<Record<string, any>> = [];
  const waiting = new Set<() => void>();
  const lastToChat = new Map<string, number>();
  const recent: number[] = [];
  let rateLimited = 0;
  let webhook: { url: string; secret_token?: string } | null = null;
  let nextMessageId = 1;
  let nextUpdateId = 1;
  const botInfo = {
    id: 7000001,
    is_bot: true as const,
    first_name: 'Backorder',
    username: 'backorder_test_bot',
    can_join_groups: false,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
    has_topics_enabled: false,
    allows_users_to_create_topics: false,
    can_manage_bots: false,
    supports_join_request_queries: false,
  };

  const reply = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const fail = (status: number, description: string, parameters?: Record<string, unknown>) => ({
    status,
    body: { ok: false, error_code: status, description, ...(parameters ? { parameters } : {}) },
  });

  /** Telegram's flood control, checked when a message arrives */
  const throttle = (chatId: string, now: number) => {
    if (!enforce) return null;
    while (recent.length && recent[0]! <= now - 1000) recent.shift();
    const last = lastToChat.get(chatId);
    let waitMs = 0;
    if (last !== undefined && now - last < perChatMs) waitMs = perChatMs - (now - last);
    if (recent.length >= perSecond)
      waitMs = Math.max(waitMs, recent[recent.length - perSecond]! + 1000 - now);
    if (waitMs > 0) {
      rateLimited++;
      const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
      return fail(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
    }
    lastToChat.set(chatId, now);
    recent.push(now);
    return null;
  };

  const checkText = (text: unknown, parseMode: unknown) => {
    if (typeof text !== 'string' || text.trim() === '')
      return fail(400, 'Bad Request: message text is empty');
    let visible = text;
    if (parseMode === 'HTML') {
      const parsed = parseTelegramHtml(text);
      if ('error' in parsed) return fail(400, parsed.error);
      visible = parsed.text;
    }
    if (visible.length > MAX_TEXT) return fail(400, 'Bad Request: message is too long');
    return null;
  };

  const message = (chatId: string, text: string) => ({
    message_id: nextMessageId++,
    date: Math.floor(Date.now() / 1000),
    chat: { id: Number(chatId), type: 'private', first_name: 'Customer' },
    from: botInfo,
    text,
  });

  const handle = async (
    method: string,
    params: Record<string, any>,
    at: number,
  ): Promise<{ status: number; body: any }> => {
    const hold = holds.get(method)?.shift();
    if (hold) {
      hold.arrived();
      await hold.released;
    }
    const storm = storms.get(method);
    const scripted =
      storm && Date.now() < storm.until
        ? storm.errors[storm.next++ % storm.errors.length]
        : failures.get(method)?.shift();
    if (scripted) {
      return fail(
        scripted.status,
        scripted.description,
        scripted.retryAfter ? { retry_after: scripted.retryAfter } : undefined,
      );
    }
    const chatId = params.chat_id === undefined ? undefined : String(params.chat_id);
    if (
      chatId !== undefined &&
      blocked.has(chatId) &&
      (SENDING.has(method) || method === 'editMessageText')
    ) {
      return fail(403, 'Forbidden: bot was blocked by the user');
    }
    const ok = (result: unknown) => ({ status: 200, body: { ok: true, result } });
    switch (method) {
      case 'getMe':
        return ok(botInfo);
      case 'sendMessage': {
        if (chatId === undefined) return fail(400, 'Bad Request: chat_id is empty');
        const bad = checkText(params.text, params.parse_mode);
        if (bad) return bad;
        const limited = throttle(chatId, at);
        if (limited) return limited;
        const m = message(chatId, params.text);
        messages.push({ chatId, messageId: m.message_id, text: params.text, params, at });
        return ok(m);
      }
      case 'sendInvoice': {
        if (chatId === undefined) return fail(400, 'Bad Request: chat_id is empty');
        const limited = throttle(chatId, at);
        if (limited) return limited;
        const m = {
          ...message(chatId, ''),
          invoice: {
            title: params.title,
            description: params.description,
            start_parameter: '',
            currency: params.currency,
            total_amount: (params.prices ?? []).reduce((s: number, p: any) => s + p.amount, 0),
          },
        };
        messages.push({ chatId, messageId: m.message_id, text: params.description ?? '', params, at });
        return ok(m);
      }
      case 'editMessageText': {
        const bad = checkText(params.text, params.parse_mode);
        if (bad) return bad;
        if (params.inline_message_id) return ok(true);
        if (chatId === undefined || !params.message_id)
          return fail(400, 'Bad Request: message to edit not found');
        messages.push({ chatId, messageId: Number(params.message_id), text: params.text, params, at });
        return ok({
          ...message(chatId, params.text),
          message_id: Number(params.message_id),
          edit_date: Math.floor(Date.now() / 1000),
        });
      }
      case 'getUpdates': {
        if (webhook)
          return fail(
            409,
            "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
          );
        const offset = Number(params.offset ?? 0);
        while (updates.length && updates[0]!.update_id < offset) updates.shift();
        if (updates.length === 0 && Number(params.timeout ?? 0) > 0) {
          await new Promise<void>((resolve) => {
            const done = () => {
              clearTimeout(timer);
              waiting.delete(done);
              resolve();
            };
            const timer = setTimeout(done, Number(params.timeout) * 1000);
            waiting.add(done);
          });
        }
        return ok(updates.slice(0, Number(params.limit ?? 100)));
      }
      case 'setWebhook':
        webhook = { url: params.url, ...(params.secret_token ? { secret_token: params.secret_token } : {}) };
        return ok(true);
      case 'deleteWebhook':
        webhook = null;
        if (params.drop_pending_updates) updates.length = 0;
        return ok(true);
      case 'getWebhookInfo':
        return ok({
          url: webhook?.url ?? '',
          has_custom_certificate: false,
          pending_update_count: updates.length,
        });
      case 'getMyCommands':
        return ok([]);
      case 'answerCallbackQuery':
      case 'answerInlineQuery':
      case 'answerPreCheckoutQuery':
      case 'answerShippingQuery':
      case 'setMyCommands':
      case 'deleteMyCommands':
      case 'setChatMenuButton':
      case 'setMyDescription':
      case 'setMyShortDescription':
      case 'sendChatAction':
      case 'deleteMessage':
      case 'editMessageReplyMarkup':
        return ok(true);
      default:
        return fail(404, 'Not Found: method not found');
    }
  };

  const server: Server = createServer(async (req, res) => {
    const at = performance.now();
    const url = new URL(req.url ?? '/', 'http://x');
    const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (!m) return reply(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    const params = await readParams(req, url);
    const { status, body } = await handle(m[2]!, params, at);
    calls.push({ method: m[2]!, token: m[1]!, params, at, status });
    reply(res, status, body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const apiRoot = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    apiRoot,
    botInfo,
    calls,
    messages,
    get rateLimited() {
      return rateLimited;
    },
    get webhook() {
      return webhook;
    },
    block: (chatId) => void blocked.add(String(chatId)),
    unblock: (chatId) => void blocked.delete(String(chatId)),
    failNext(method, times, error) {
      failures.set(method, [...(failures.get(method) ?? []), ...Array.from({ length: times }, () => error)]);
    },
    failFor(method, ms, errors) {
      storms.set(method, { until: Date.now() + ms, next: 0, errors });
    },
    holdNext(method) {
      let arrived!: () => void;
      let release!: () => void;
      const reached = new Promise<void>((r) => {
        arrived = r;
      });
      const released = new Promise<void>((r) => {
        release = r;
      });
      holds.set(method, [...(holds.get(method) ?? []), { arrived, released }]);
      return { reached, release };
    },
    pushUpdate(update) {
      updates.push({ update_id: update.update_id ?? nextUpdateId++, ...update });
      for (const wake of [...waiting]) wake();
    },
    callsTo: (method) => calls.filter((c) => c.method === method),
    to: (chatId) => messages.filter((x) => x.chatId === String(chatId)),
    async waitFor(predicate, timeoutMs = 5_000) {
      const end = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > end) throw new Error('timed out waiting for the fake Telegram API');
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: () =>
      new Promise((r) => {
        for (const wake of [...waiting]) wake();
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
