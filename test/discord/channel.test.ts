import { REST, WebhookClient } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discordChannel } from '../../bots/discord/channel.ts';
import { DISCORD_CHANNEL, DISCORD_WEBHOOK_RECIPIENT } from '../../bots/discord/channel-spec.ts';
import { layout } from '../../src/index.ts';
import { type FakeDiscord, startFakeDiscord } from '../fakes/discord-api.ts';
import { CHANNEL_ID, WEBHOOK_ID, WEBHOOK_TOKEN } from './harness.ts';

// The Discord notification channel through the real discord.js WebhookClient and REST against the
// fake: long digests cut at Discord's embed limits, the webhook's 5-per-2-seconds limit honoured,
// and failures sorted into "try again" and "never again".

let fake: FakeDiscord;
let webhook: WebhookClient;
let channel: ReturnType<typeof discordChannel>;
beforeAll(async () => {
  fake = await startFakeDiscord();
  webhook = new WebhookClient({ id: WEBHOOK_ID, token: WEBHOOK_TOKEN }, { rest: { api: fake.api } });
  channel = discordChannel({
    webhook,
    rest: new REST({ api: fake.api, version: '10' }).setToken('bot-token'),
  });
});
afterAll(async () => {
  webhook.destroy();
  await fake.close();
});

describe('discord channel', () => {
  it('sends a long digest as several messages within the embed limits, paced to the webhook limit', async () => {
    const lines = Array.from(
      { length: 400 },
      (_, i) =>
        `name${String(i).padStart(3, '0')}.com · <t:${1_796_000_000 + i * 60}:f> · a line of about sixty chars`,
    );
    const text = ['**Drop list updated**', ...lines].join('\n');
    const messages = layout(text, channel.limits, channel.format);
    expect(messages.length).toBeGreaterThan(DISCORD_CHANNEL.limits.perDestination.count);

    const results = [];
    for (const m of messages) results.push(await channel.send(DISCORD_WEBHOOK_RECIPIENT, m));
    expect(results.every((r) => r.ok)).toBe(true);

    const sent = fake.messages
      .filter((m) => m.route === `webhook:${WEBHOOK_ID}/${WEBHOOK_TOKEN}`)
      .map((m) => m.body);
    expect(sent).toHaveLength(messages.length);
    for (const body of sent) {
      const descriptions: string[] = body.embeds.map((e: { description: string }) => e.description);
      expect(descriptions.length).toBeLessThanOrEqual(10);
      expect(descriptions.every((d) => d.length <= 4096)).toBe(true);
      expect(descriptions.join('').length).toBeLessThanOrEqual(6000);
      expect(body.allowed_mentions).toEqual({ parse: [] });
    }
    // nothing lost or reordered: cuts fall between lines
    expect(sent.flatMap((b) => b.embeds.map((e: { description: string }) => e.description)).join('\n')).toBe(
      text,
    );
    // discord.js waited for the bucket instead of running into 429s
    expect(fake.rateLimited).toBe(0);
    const times = fake.callsTo(`/webhooks/${WEBHOOK_ID}`).map((c) => c.at);
    expect(times[5]! - times[0]!).toBeGreaterThanOrEqual(1_900);
  });

  it('posts to a channel with the bot token', async () => {
    const r = await channel.send(CHANNEL_ID, { text: 'hello', blocks: ['hello'] });
    expect(r.ok).toBe(true);
    const call = fake.calls.findLast((c) => c.path === `/channels/${CHANNEL_ID}/messages`);
    expect(call?.headers.authorization).toBe('Bot bot-token');
    expect(call?.body).toMatchObject({ embeds: [{ description: 'hello' }], allowed_mentions: { parse: [] } });
  });

  it('reports a channel that is gone as unreachable, and does not retry it', async () => {
    fake.goneChannels.add('888888888888888888');
    const r = await channel.send('888888888888888888', { text: 'x', blocks: ['x'] });
    expect(r).toMatchObject({ ok: false, retryable: false, unreachable: true });
  });

  it('refuses a recipient that is neither the webhook nor a channel, and one it has no credentials for', async () => {
    expect(await channel.send('someone', { text: 'x', blocks: ['x'] })).toMatchObject({
      ok: false,
      retryable: false,
    });
    const noToken = discordChannel({ webhook });
    expect(await noToken.send(CHANNEL_ID, { text: 'x', blocks: ['x'] })).toMatchObject({
      ok: false,
      retryable: false,
      error: expect.stringContaining('DISCORD_BOT_TOKEN'),
    });
  });

  it('calls a network failure retryable', async () => {
    const down = discordChannel({
      rest: new REST({ api: 'http://127.0.0.1:9/api', version: '10', retries: 0, timeout: 1_000 }).setToken(
        't',
      ),
    });
    expect(await down.send(CHANNEL_ID, { text: 'x', blocks: ['x'] })).toMatchObject({
      ok: false,
      retryable: true,
    });
  });
});
