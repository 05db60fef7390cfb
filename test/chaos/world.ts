import { createHmac } from 'node:crypto';
import { type Db, openDb } from '../../src/db/client.ts';
import { type FakeDiscord, startFakeDiscord } from '../fakes/discord-api.ts';
import { type FakeSlack, startFakeSlack } from '../fakes/slack-api.ts';
import { type FakeTelegram, startFakeTelegram } from '../fakes/telegram-api.ts';
import { freshDatabaseUrl } from '../helpers/database-url.ts';
import { type Service, startService } from '../helpers/spawn-service.ts';

// The service as `npm start` runs it (compiled), on its own new database, with all three platforms
// on: Telegram in webhook mode, Slack over HTTP, Discord's community webhook, each talking to its
// loopback fake. The chaos runner sends traffic the way each platform does and reads the fakes.

export const WEBHOOK_SECRET = 'chaos-webhook-secret';
export const SIGNING_SECRET = 'chaos-signing-secret';
export const STAFF = 'USTAFF1';
export const ALERTS = 'CALERTS';

export interface World {
  service: Service;
  /** the runner's own connection to the service's database, for seeding and for the final count */
  db: Db;
  databaseUrl: string;
  telegram: FakeTelegram;
  slack: FakeSlack;
  discord: FakeDiscord;
  env: Record<string, string>;
  url(path: string): string;
  /** a Telegram update as Telegram's webhook posts it */
  postUpdate(update: object): Promise<{ status: number; ms: number }>;
  /** a signed Slack slash command `/backorder text`; resolves to the HTTP answer */
  slashCommand(text: string, responseUrl: string): Promise<{ status: number; ms: number }>;
  /** starts the service again on the same database (after a kill) */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startWorld(opts: {
  name: string;
  /** a PostgreSQL server URL; SQLite when absent */
  postgres?: string;
  env?: Record<string, string>;
}): Promise<World> {
  const { url: databaseUrl, drop } = await freshDatabaseUrl(opts.postgres ?? '');
  const [telegram, slack, discord] = await Promise.all([
    startFakeTelegram({ enforceLimits: false }),
    startFakeSlack(),
    startFakeDiscord(),
  ]);
  const env: Record<string, string> = {
    DATABASE_URL: databaseUrl,
    REGISTRAR: 'sandbox',
    SANDBOX_DROPLIST_SIZE: '2000',
    TELEGRAM_BOT_TOKEN: '123456:chaos-token',
    TELEGRAM_API_ROOT: telegram.apiRoot,
    TELEGRAM_WEBHOOK_URL: 'https://bot.example.com/telegram/webhook',
    TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
    SLACK_BOT_TOKEN: 'xoxb-chaos-token',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    SLACK_ADMIN_USER_IDS: STAFF,
    SLACK_ALERT_CHANNEL: ALERTS,
    DISCORD_WEBHOOK_URL: 'https://discord.com/api/webhooks/4242/chaos-token',
    DISCORD_API_URL: discord.api,
    LOG_LEVEL: 'error',
    ...opts.env,
  };
  let service = await startService(opts.name, env, { compiled: true });
  const db = await openDb(databaseUrl);
  const url = (path: string) => `http://127.0.0.1:${service.port}${path}`;

  const postUpdate = async (update: object) => {
    const t0 = performance.now();
    for (;;) {
      const res = await fetch(url('/telegram/webhook'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET },
        body: JSON.stringify(update),
      }).catch(() => undefined);
      // Telegram delivers again a moment later: after a 503 (the bot is starting) and after a
      // connection that broke without an answer (a kept-alive one the server had just closed)
      const status = res?.status ?? 0;
      await res?.text();
      if ((status !== 503 && status !== 0) || performance.now() - t0 > 60_000)
        return { status, ms: performance.now() - t0 };
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  const slashCommand = async (text: string, responseUrl: string) => {
    const body = new URLSearchParams({
      team_id: 'T1',
      channel_id: 'C0STAFF',
      user_id: STAFF,
      user_name: 'staff',
      command: '/backorder',
      text,
      api_app_id: 'A1',
      response_url: responseUrl,
      trigger_id: `trigger.${Math.random().toString(36).slice(2)}`,
    }).toString();
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
    const t0 = performance.now();
    const res = await fetch(url('/slack/events'), {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': signature,
      },
      body,
    });
    await res.text();
    return { status: res.status, ms: performance.now() - t0 };
  };

  return {
    get service() {
      return service;
    },
    db,
    databaseUrl,
    telegram,
    slack,
    discord,
    env,
    url,
    postUpdate,
    slashCommand,
    async restart() {
      service = await startService(opts.name, env, { compiled: true });
    },
    async stop() {
      if (service.child.exitCode === null) {
        service.child.kill('SIGTERM');
        await service.exited;
      }
      await db.close();
      await Promise.all([telegram.close(), slack.close(), discord.close()]);
      await drop();
    },
  };
}

let updateIds = 1;

const chatOf = (userId: number) => ({ id: userId, type: 'private' as const, first_name: `User${userId}` });
const userOf = (userId: number) => ({
  id: userId,
  is_bot: false,
  first_name: `User${userId}`,
  language_code: 'en',
});

/** A text message (a command when it starts with /) from the user `userId` in their private chat. */
export function messageUpdate(userId: number, text: string) {
  const command = /^\/\w+/.exec(text);
  const id = updateIds++;
  return {
    update_id: id,
    message: {
      message_id: id,
      date: Math.floor(Date.now() / 1000),
      chat: chatOf(userId),
      from: userOf(userId),
      text,
      ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}),
    },
  };
}

/** A press on an inline button with `data`, under a message of the bot in the user's chat. */
export function buttonUpdate(userId: number, data: string) {
  const id = updateIds++;
  return {
    update_id: id,
    callback_query: {
      id: `cb${id}`,
      from: userOf(userId),
      chat_instance: `ci${userId}`,
      data,
      message: {
        message_id: 1,
        date: Math.floor(Date.now() / 1000),
        chat: chatOf(userId),
        from: { id: 123456, is_bot: true, first_name: 'Backorder' },
        text: 'menu',
      },
    },
  };
}

/** Waits until `predicate` holds (polling), or throws after `timeoutMs`. */
export async function until(predicate: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
  const end = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Waits until every outbox event is expanded and no notification is pending, for at most
 * `timeoutMs`; the checks that follow say what did not go out. Returns the milliseconds waited.
 */
export async function outboxDrained(world: World, timeoutMs: number, after: string): Promise<number> {
  const t0 = Date.now();
  await until(
    async () =>
      (await world.db.prisma.outbox.count({ where: { expandedAt: null } })) === 0 &&
      (await world.db.prisma.notification.count({ where: { status: 'PENDING' } })) === 0,
    timeoutMs,
    `the outbox to drain ${after}`,
  ).catch(() => {});
  return Date.now() - t0;
}

/** Runs `fn` over `items` with at most `limit` at once. */
export async function pool<T, R>(
  items: T[],
  limit: number,
  fn: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!, i);
      }
    }),
  );
  return out;
}
