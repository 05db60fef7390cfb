import { describe, expect, it } from 'vitest';
import { notificationRoutes } from '../../bots/index.ts';
import { slackChannel } from '../../bots/slack/channel.ts';
import { enqueue, silentLogger } from '../../src/index.ts';
import { dispatchOnce } from '../../src/notify/dispatcher.ts';
import { ALERTS, startSlack } from './harness.ts';

// The `slack` notification channel: staff alerts posted to SLACK_ALERT_CHANNEL through the real Web
// API client against the fake, every outcome reported back to the dispatcher as a SendResult.

const h = await startSlack();
const channel = h.bot.channels.find((c) => c.name === 'slack')!;
const message = { text: 'job *lifecycle* failed\n\nboom', blocks: ['job *lifecycle* failed', 'boom'] };
const posts = () => h.fake.calls.filter((c) => c.method === 'chat.postMessage');

describe('the slack notification channel', () => {
  it('speaks mrkdwn within Slack’s limits', () => {
    expect(channel.format).toBe('mrkdwn');
    expect(channel.limits.blocks).toEqual({ maxChars: 3000, maxBlocks: 50 });
  });

  it('posts each block as a mrkdwn section, with the bot token and the text as fallback', async () => {
    const r = await channel.send(ALERTS, message);
    expect(r).toMatchObject({ ok: true, providerMessageId: expect.stringMatching(/^CALERTS:\d+\.\d+$/) });
    const call = posts().at(-1)!;
    expect(call.token).toBe('xoxb-test-token');
    expect(call.body).toMatchObject({
      channel: ALERTS,
      text: message.text,
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: 'job *lifecycle* failed' } },
        { type: 'section', text: { type: 'mrkdwn', text: 'boom' } },
      ],
    });
  });

  it('hands a 429 back as retryable with Slack’s Retry-After, without retrying by itself', async () => {
    const before = posts().length;
    h.fake.rateLimit('chat.postMessage', 1, 7);
    expect(await channel.send(ALERTS, message)).toEqual({
      ok: false,
      retryable: true,
      error: 'ratelimited',
      retryAfterMs: 7000,
    });
    expect(posts().length).toBe(before + 1);
  });

  it('tells a gone channel (unreachable) from our own permanent mistakes and from Slack’s trouble', async () => {
    h.fake.failWith('chat.postMessage', 'channel_not_found', 1);
    expect(await channel.send('CGONE', message)).toEqual({
      ok: false,
      retryable: false,
      error: 'channel_not_found',
      unreachable: true,
    });
    h.fake.failWith('chat.postMessage', 'invalid_auth', 1);
    expect(await channel.send(ALERTS, message)).toEqual({
      ok: false,
      retryable: false,
      error: 'invalid_auth',
      unreachable: false,
    });
    h.fake.failWith('chat.postMessage', 'internal_error', 1);
    expect(await channel.send(ALERTS, message)).toMatchObject({
      ok: false,
      retryable: true,
      error: 'internal_error',
    });
    h.fake.httpError('chat.postMessage', 503, 1);
    expect(await channel.send(ALERTS, message)).toMatchObject({
      ok: false,
      retryable: true,
      error: 'HTTP 503',
    });
    expect(await channel.send(ALERTS, message)).toMatchObject({ ok: true });
  });

  it('reports an unreachable Slack as retryable', async () => {
    const offline = slackChannel({
      token: 'xoxb-x',
      apiUrl: 'http://127.0.0.1:9/api/',
      log: silentLogger,
      timeoutMs: 2000,
    });
    expect(await offline.send(ALERTS, message)).toMatchObject({ ok: false, retryable: true });
  });

  it('sends nothing once the dispatcher is stopping', async () => {
    const before = posts().length;
    expect(await channel.send(ALERTS, message, AbortSignal.abort())).toMatchObject({
      ok: false,
      retryable: true,
    });
    expect(posts().length).toBe(before);
  });

  it('delivers a staff alert written to the outbox to SLACK_ALERT_CHANNEL through the dispatcher', async () => {
    await enqueue(h.core.db.prisma, h.clock.now(), {
      kind: 'staff.job-failed',
      audience: 'STAFF',
      payload: { job: 'droplist-import', error: 'HTTP 404 from <the> list & co' },
      dedupeKey: 'test:job-failed:1',
    });
    const before = posts().length;
    await dispatchOnce({
      core: h.core,
      channels: h.bot.channels,
      routes: notificationRoutes(h.core.config),
      log: silentLogger,
      clock: h.clock,
      options: { gatherMs: 0 },
    });
    const sent = posts().slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body.channel).toBe(ALERTS);
    expect(sent[0]!.body.text).toContain('droplist-import');
    expect(sent[0]!.body.text).toContain('HTTP 404 from &lt;the&gt; list &amp; co');
  });
});
