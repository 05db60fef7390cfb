import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { afterAll } from 'vitest';
import type { StartedBot } from '../../bots/bot.ts';
import { createDiscordBot, type DiscordOptions, INTERACTIONS_PATH } from '../../bots/discord/index.ts';
import { createHttpServer } from '../../src/http/server.ts';
import { type Core, createCore, DAY, fixedClock, HOUR, loadConfig, silentLogger } from '../../src/index.ts';
import { createMetrics } from '../../src/prometheus.ts';
import { createRegistrar } from '../../src/registrar/create-registrar.ts';
import { type FakeDiscord, startFakeDiscord } from '../fakes/discord-api.ts';
import { freshDb } from '../helpers/db.ts';

// The Discord app as it runs in the service: a real core on a fresh database, a real HTTP server on
// a free port, discord.js talking to the loopback fake Discord API, and an Ed25519 key pair standing
// in for the application's, so requests are signed exactly as Discord signs them.

export const T0 = new Date('2026-12-01T00:00:00Z');
export const APP_ID = '222222222222222222';
export const GUILD_ID = '333333333333333333';
export const CHANNEL_ID = '444444444444444444';
export const OTHER_CHANNEL_ID = '555555555555555555';
export const WEBHOOK_ID = '111111111111111111';
export const WEBHOOK_TOKEN = 'webhook-token';
export const MANAGE_GUILD = 0x20n;

export interface App {
  core: Core;
  fake: FakeDiscord;
  bot: StartedBot;
  clock: ReturnType<typeof fixedClock>;
  url: string;
  privateKey: KeyObject;
  /** a signed POST of `body` to the interactions endpoint */
  post(body: string, headers?: Record<string, string>): Promise<Response>;
  /** a slash command invocation, signed, answered as JSON */
  invoke(
    name: string,
    options?: unknown[],
    extra?: Partial<InteractionInput>,
  ): Promise<{ status: number; json: any; token: string }>;
  /** webhook messages of the community webhook so far */
  webhookMessages(): any[];
  /** posts to one channel so far */
  channelMessages(channelId: string): any[];
  importList(rows: Array<[fqdn: string, dropAt: Date]>): Promise<void>;
}

export interface InteractionInput {
  permissions: bigint | null;
  guild_id: string | undefined;
  channel_id: string;
  /** the invoking Discord user (default MEMBER_ID) */
  user_id: string;
}

/** the member who invokes commands unless a test says otherwise */
export const MEMBER_ID = '777777777777777777';

/** An existing core (and its clock) for the app to run on, e.g. the Telegram harness's. */
export interface World {
  core: Core;
  clock: ReturnType<typeof fixedClock>;
}

export function signature(privateKey: KeyObject, timestamp: string, body: string): string {
  return sign(null, Buffer.from(timestamp + body), privateKey).toString('hex');
}

let interactionCounter = 0;

/** `env`: more configuration for the service (e.g. NOTABLE_PER_ZONE) */
export async function startApp(
  { env, ...opts }: DiscordOptions & { env?: Record<string, string> } = {},
  world?: World,
): Promise<App> {
  const fake = await startFakeDiscord();
  const db = world ? world.core.db : await freshDb();
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const config = loadConfig({
    DATABASE_URL: db.url,
    DISCORD_APPLICATION_ID: APP_ID,
    DISCORD_PUBLIC_KEY: publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex'),
    DISCORD_BOT_TOKEN: 'bot-token',
    DISCORD_WEBHOOK_URL: `https://discord.com/api/webhooks/${WEBHOOK_ID}/${WEBHOOK_TOKEN}`,
    DISCORD_API_URL: fake.api,
    ...env,
  });
  const clock = world?.clock ?? fixedClock(T0);
  const core =
    world?.core ??
    createCore({
      config,
      db,
      clock,
      log: silentLogger,
      metrics: createMetrics(),
      registrar: createRegistrar({ config, clock, log: silentLogger }),
    });
  const http = createHttpServer({ host: '127.0.0.1', port: 0, log: silentLogger });
  const bot = await createDiscordBot(opts).start({
    core,
    config,
    log: silentLogger,
    http,
  });
  const { port } = await http.listen();
  afterAll(async () => {
    await bot.stop();
    await http.close();
    await fake.close();
  });
  const url = `http://127.0.0.1:${port}${INTERACTIONS_PATH}`;

  const post = (body: string, headers?: Record<string, string>) => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    return fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-signature-timestamp': timestamp,
        'x-signature-ed25519': signature(privateKey, timestamp, body),
        ...headers,
      },
      body,
    });
  };

  return {
    core,
    fake,
    bot,
    clock,
    url,
    privateKey,
    post,
    async invoke(name, options = [], extra = {}) {
      const n = ++interactionCounter;
      const token = `interaction-token-${n}`;
      const permissions = extra.permissions === undefined ? MANAGE_GUILD : extra.permissions;
      const guildId = 'guild_id' in extra ? extra.guild_id : GUILD_ID;
      const body = {
        id: String(900000000000000000n + BigInt(n)),
        application_id: APP_ID,
        type: 2,
        token,
        version: 1,
        channel_id: extra.channel_id ?? CHANNEL_ID,
        ...(guildId ? { guild_id: guildId } : {}),
        ...(guildId && permissions !== null
          ? {
              member: {
                permissions: String(permissions),
                user: { id: extra.user_id ?? MEMBER_ID, username: 'member' },
              },
            }
          : { user: { id: extra.user_id ?? MEMBER_ID, username: 'member' } }),
        data: { id: '1', name, type: 1, options },
      };
      const res = await post(JSON.stringify(body));
      return { status: res.status, json: await res.json(), token };
    },
    webhookMessages: () =>
      fake.messages.filter((m) => m.route === `webhook:${WEBHOOK_ID}/${WEBHOOK_TOKEN}`).map((m) => m.body),
    channelMessages: (channelId) =>
      fake.messages.filter((m) => m.route === `channel:${channelId}`).map((m) => m.body),
    async importList(rows) {
      const lines = rows.map(([fqdn, at]) => `${fqdn};${at.toISOString().slice(0, 19).replace('T', ' ')}`);
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

/** Every description of a message's embeds, joined: what a member reads. */
export const textOf = (message: { embeds?: Array<{ description?: string }> }) =>
  (message.embeds ?? []).map((e) => e.description ?? '').join('\n');

export const at = (days: number, hours = 0) => new Date(T0.getTime() + days * DAY + hours * HOUR);

/** A small drop list: short letter-only names in priced zones, and every kind that the default rule leaves out. */
export const LIST: Array<[string, Date]> = [
  ['shop.com', at(1, 10)],
  ['abc.com', at(1, 2)],
  ['bestshop.de', at(2, 5)],
  ['my-shop.com', at(1, 3)],
  ['shop24.com', at(2, 1)],
  ['verylongname.com', at(3)],
  ['xyz.net', at(1, 4)],
  ['zz.org', at(2, 6)],
];

export async function seedPrices(core: Core) {
  await core.pricing.set('com', 'USD', 4900n);
  await core.pricing.set('de', 'EUR', 3500n);
  await core.pricing.set('net', 'USD', 0n);
}

/** Slash-command options as Discord sends them (string, integer, boolean) */
export const str = (name: string, value: string) => ({ name, type: 3, value });
export const int = (name: string, value: number) => ({ name, type: 4, value });
export const bool = (name: string, value: boolean) => ({ name, type: 5, value });
