import { afterAll, expect } from 'vitest';
import type { StartedBot } from '../../bots/bot.ts';
import { createTelegramBot, type TelegramOptions } from '../../bots/telegram/index.ts';
import { WEBHOOK_PATH } from '../../bots/telegram/webhook.ts';
import { createHttpServer } from '../../src/http/server.ts';
import {
  type Core,
  createCore,
  createLogger,
  DAY,
  fixedClock,
  HOUR,
  type Logger,
  loadConfig,
  silentLogger,
} from '../../src/index.ts';
import { createMetrics } from '../../src/prometheus.ts';
import { createRegistrar } from '../../src/registrar/create-registrar.ts';
import {
  type FakeTelegram,
  type FakeTelegramOptions,
  startFakeTelegram,
  type TelegramMessage,
} from '../fakes/telegram-api.ts';
import { freshDb } from '../helpers/db.ts';

// The customer bot as the service runs it: a real core on a fresh database, the project's HTTP
// server on a free port, and grammY talking to the loopback fake Bot API. Updates reach the bot
// as Telegram sends them: POSTed to /telegram/webhook with the secret header (webhook mode), or
// queued in the fake for the bot's own long polling (polling mode).

export const T0 = new Date('2026-12-01T09:00:00Z');
export const SECRET = 'webhook-secret_1';
export const TOKEN = '123456:test-token';

/** Bot API JSON, read freely by the tests. */
export type Json = Record<string, any>;

export interface User {
  id: number;
  first_name?: string;
  language_code?: string;
}

export interface Exchange {
  /** the HTTP status of the webhook POST (polling mode: 200) */
  status: number;
  /** messages sent or edited in the user's chat while the update was handled */
  replies: TelegramMessage[];
  /** the text of the replies, joined */
  text: string;
  /** answerCallbackQuery calls for this update's callback query */
  answers: Json[];
}

export interface Harness {
  core: Core;
  fake: FakeTelegram;
  bot: StartedBot;
  clock: ReturnType<typeof fixedClock>;
  url: string;
  mode: 'webhook' | 'polling';
  /** POST a raw update (webhook mode) */
  post(body: string, secret?: string | null): Promise<Response>;
  /** hand an update to the bot and wait until it is handled */
  deliver(update: Json, user: User): Promise<Exchange>;
  /** a text message from `user` (a command when it starts with /) */
  send(text: string, user?: User): Promise<Exchange>;
  /** an inline query (`@bot …` typed in any chat); resolves to the bot's answerInlineQuery parameters */
  inline(query: string, user?: User, offset?: string): Promise<Json>;
  /** a press on a button with this callback data, on the message `on` (default: the last reply) */
  press(data: string, user?: User, on?: TelegramMessage): Promise<Exchange>;
  /** the inline buttons of a message */
  buttons(m: TelegramMessage): Json[];
  /** the button whose text matches */
  button(m: TelegramMessage, label: RegExp): Json;
  importList(rows: Array<[fqdn: string, dropAt: Date]>): Promise<void>;
}

export const EN: User = { id: 1001, first_name: 'Ann', language_code: 'en' };
export const DE: User = { id: 1002, first_name: 'Dora', language_code: 'de' };

export const at = (days: number, hours = 0) => new Date(T0.getTime() + days * DAY + hours * HOUR);

/** TELEGRAM_TEST_LOG=debug shows what the bot logs while a test runs. */
const botLog = process.env.TELEGRAM_TEST_LOG
  ? createLogger({ level: process.env.TELEGRAM_TEST_LOG as 'debug' })
  : silentLogger;

let updateIds = 1;
let messageIds = 1;
let callbackIds = 1;
let inlineIds = 1;

export async function startTelegram(
  opts: {
    mode?: 'webhook' | 'polling';
    env?: Record<string, string>;
    fake?: FakeTelegramOptions;
    bot?: TelegramOptions;
    /** another instance of the service beside `peer`: its database, clock and fake Bot API */
    peer?: Harness;
    /** where the bot logs (default: nowhere, or stderr with TELEGRAM_TEST_LOG) */
    log?: Logger;
  } = {},
): Promise<Harness> {
  const mode = opts.mode ?? 'webhook';
  const { peer } = opts;
  const fake = peer?.fake ?? (await startFakeTelegram({ enforceLimits: false, ...opts.fake }));
  const db = peer?.core.db ?? (await freshDb());
  const config = loadConfig({
    DATABASE_URL: db.url,
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: fake.apiRoot,
    ...(mode === 'webhook'
      ? { TELEGRAM_WEBHOOK_URL: 'https://bot.example.com/telegram/webhook', TELEGRAM_WEBHOOK_SECRET: SECRET }
      : {}),
    ...opts.env,
  });
  const clock = peer?.clock ?? fixedClock(T0);
  const registrar = createRegistrar({ config, clock, log: silentLogger });
  const core = createCore({ config, db, clock, log: silentLogger, metrics: createMetrics(), registrar });
  const http = createHttpServer({ host: '127.0.0.1', port: 0, log: silentLogger });
  const bot = await createTelegramBot({
    botInfo: fake.botInfo,
    retryMs: 50,
    pollTimeoutSeconds: 1,
    rateLimit: { limit: 1000, windowMs: 60_000 },
    ...opts.bot,
  }).start({ core, config, log: opts.log ?? botLog, http });
  const { port } = await http.listen();
  afterAll(async () => {
    await bot.stop();
    await http.close();
    if (!peer) await fake.close();
  });
  const url = `http://127.0.0.1:${port}${WEBHOOK_PATH}`;

  const post: Harness['post'] = (body, secret = SECRET) =>
    fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(secret === null ? {} : { 'x-telegram-bot-api-secret-token': secret }),
      },
      body,
    });

  const chatOf = (user: User) => ({ id: user.id, type: 'private', first_name: user.first_name ?? 'User' });
  const fromOf = (user: User) => ({ is_bot: false, first_name: 'User', ...user });

  const deliver: Harness['deliver'] = async (update, user) => {
    const before = fake.messages.length;
    const callsBefore = fake.calls.length;
    const full = { update_id: updateIds++, ...update };
    let status = 200;
    if (mode === 'webhook') {
      const res = await post(JSON.stringify(full));
      status = res.status;
      await res.text();
    } else {
      fake.pushUpdate(full);
      // The runner confirms an update before handling it: wait for the answer itself instead.
      const answered = () =>
        fake.messages.slice(before).some((m) => m.chatId === String(user.id)) ||
        fake.calls.slice(callsBefore).some((c) => c.method === 'answerCallbackQuery');
      await fake.waitFor(answered, 3_000).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 150));
    }
    const replies = fake.messages.slice(before).filter((m) => m.chatId === String(user.id));
    const answers = fake.calls
      .slice(callsBefore)
      .filter(
        (c) => c.method === 'answerCallbackQuery' && c.params.callback_query_id === update.callback_query?.id,
      )
      .map((c) => c.params);
    return { status, replies, text: replies.map((r) => r.text).join('\n'), answers };
  };

  const buttons: Harness['buttons'] = (m) => (m.params.reply_markup?.inline_keyboard ?? []).flat();

  return {
    core,
    fake,
    bot,
    clock,
    url,
    mode,
    post,
    deliver,
    send(text, user = EN) {
      const command = /^\/\S+/.exec(text);
      return deliver(
        {
          message: {
            message_id: messageIds++,
            date: Math.floor(clock.now().getTime() / 1000),
            chat: chatOf(user),
            from: fromOf(user),
            text,
            ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}),
          },
        },
        user,
      );
    },
    async inline(query, user = EN, offset = '') {
      const id = `iq${inlineIds++}`;
      const callsBefore = fake.calls.length;
      await deliver({ inline_query: { id, from: fromOf(user), query, offset, chat_type: 'sender' } }, user);
      const answer = fake.calls
        .slice(callsBefore)
        .find((c) => c.method === 'answerInlineQuery' && c.params.inline_query_id === id);
      if (!answer) throw new Error(`no answer to the inline query "${query}"`);
      return answer.params;
    },
    press(data, user = EN, on) {
      const message = on ?? fake.to(user.id).at(-1);
      return deliver(
        {
          callback_query: {
            id: `cb${callbackIds++}`,
            from: fromOf(user),
            chat_instance: `ci${user.id}`,
            data,
            message: {
              message_id: message?.messageId ?? 1,
              date: Math.floor(clock.now().getTime() / 1000),
              chat: chatOf(user),
              from: fake.botInfo,
              text: message?.text ?? '',
            },
          },
        },
        user,
      );
    },
    buttons,
    button(m, label) {
      const b = buttons(m).find((x) => label.test(x.text));
      if (!b) throw new Error(`no button ${label} in ${JSON.stringify(buttons(m).map((x) => x.text))}`);
      return b;
    },
    async importList(rows) {
      const lines = rows.map(
        ([fqdn, when]) => `${fqdn};${when.toISOString().slice(0, 19).replace('T', ' ')}`,
      );
      await core.droplist.import({
        name: 'test list',
        open: async () =>
          (async function* () {
            yield lines;
          })(),
      });
    },
  };
}

/** The visible text of a Telegram HTML message (what the customer reads). */
export const visible = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x([0-9a-f]+);/gi, (_m, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_m, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&amp;/g, '&');

/** Every message is one Telegram accepts: HTML parse mode and at most 4096 visible characters. */
export function expectSendable(ex: Exchange): void {
  for (const r of ex.replies) {
    expect(r.params.parse_mode).toBe('HTML');
    expect(visible(r.text).length).toBeLessThanOrEqual(4096);
    for (const b of (r.params.reply_markup?.inline_keyboard ?? []).flat()) {
      if (b.callback_data !== undefined) expect(Buffer.byteLength(b.callback_data)).toBeLessThanOrEqual(64);
    }
  }
}
