import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TelegramChannel } from '../../bots/telegram/telegram-channel.ts';
import { fixedClock } from '../../src/clock.ts';
import type { Db } from '../../src/db/client.ts';
import { type FakeTelegram, startFakeTelegram } from '../fakes/telegram-api.ts';
import { freshDb } from '../helpers/db.ts';
import { customer, event, once } from './fixtures.ts';

// The Telegram channel is grammY's real Api over HTTP to the loopback fake, which enforces
// Telegram's limits and answers like Telegram does.

let fake: FakeTelegram;
let channel: TelegramChannel;
let db: Db;
beforeAll(async () => {
  fake = await startFakeTelegram();
  channel = new TelegramChannel({ token: '123:test', apiRoot: fake.apiRoot });
  db = await freshDb();
});
afterAll(() => fake.close());
beforeEach(async () => {
  await db.prisma.notification.deleteMany();
  await db.prisma.outbox.deleteMany();
});

const T0 = '2026-12-01T10:00:00.000Z';
const msg = (text: string) => ({ text, blocks: [text] });
let chat = 100;
const newChat = () => String(++chat);

describe('TelegramChannel', () => {
  it('sends HTML without link previews and returns the message id', async () => {
    const to = newChat();
    const result = await channel.send(to, msg('<b>example.com</b> &amp; more'));
    expect(result).toEqual({ ok: true, providerMessageId: String(fake.to(to)[0]!.messageId) });
    expect(fake.to(to)[0]!.params).toMatchObject({
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
    });
    expect(fake.callsTo('sendMessage').at(-1)!.token).toBe('123:test');
  });

  it('429: retryable, with the wait Telegram asked for', async () => {
    fake.failNext('sendMessage', 1, {
      status: 429,
      description: 'Too Many Requests: retry after 3',
      retryAfter: 3,
    });
    expect(await channel.send(newChat(), msg('x'))).toEqual({
      ok: false,
      retryable: true,
      retryAfterMs: 3000,
      error: '429 Too Many Requests: retry after 3',
    });
  });

  it('5xx: retryable', async () => {
    fake.failNext('sendMessage', 1, { status: 502, description: 'Bad Gateway' });
    expect(await channel.send(newChat(), msg('x'))).toMatchObject({
      ok: false,
      retryable: true,
      error: '502 Bad Gateway',
    });
  });

  it('blocked by the user: permanent, recipient unreachable', async () => {
    const to = newChat();
    fake.block(to);
    expect(await channel.send(to, msg('x'))).toEqual({
      ok: false,
      retryable: false,
      unreachable: true,
      error: '403 Forbidden: bot was blocked by the user',
    });
  });

  it('chat not found: unreachable; a malformed message: permanent but the chat is fine', async () => {
    fake.failNext('sendMessage', 1, { status: 400, description: 'Bad Request: chat not found' });
    expect(await channel.send(newChat(), msg('x'))).toMatchObject({ retryable: false, unreachable: true });
    expect(await channel.send(newChat(), msg('<b>unclosed'))).toMatchObject({
      retryable: false,
      unreachable: false,
    });
  });

  it('network failure: retryable', async () => {
    const down = new TelegramChannel({ token: '123:test', apiRoot: 'http://127.0.0.1:9' });
    expect(await down.send('1', msg('x'))).toMatchObject({
      ok: false,
      retryable: true,
      error: expect.stringMatching(/^network/),
    });
  });
});

describe('dispatching to the fake Telegram', () => {
  it('one chat: at most one message a second, no 429', async () => {
    const clock = fixedClock(T0);
    const c = await customer(db, { identities: [{ platform: 'telegram', externalId: newChat() }] });
    const items = Array.from({ length: 250 }, (_, i) => ({ fqdn: `paced-${i}.com`, dropAt: T0 }));
    await event(db, clock.now(), 'watch.matches', { customerId: c.id, payload: { total: 250, items } });
    const before = fake.rateLimited;
    await once(db, [channel], clock);
    const sent = fake.to(c.identities[0]!.externalId);
    expect(sent.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < sent.length; i++) expect(sent[i]!.at - sent[i - 1]!.at).toBeGreaterThanOrEqual(1000);
    expect(fake.rateLimited).toBe(before);
  });

  it('many chats: at most 25 a second in all, no 429', async () => {
    const clock = fixedClock(T0);
    const customers = await Promise.all(
      Array.from({ length: 60 }, () =>
        customer(db, { identities: [{ platform: 'telegram', externalId: newChat() }] }),
      ),
    );
    for (const c of customers) await event(db, clock.now(), 'backorder.placed', { customerId: c.id });
    const before = fake.rateLimited;
    const from = fake.messages.length;
    expect(await once(db, [channel], clock)).toMatchObject({ sent: 60 });
    const arrived = fake.messages.slice(from).map((m) => m.at);
    expect(arrived).toHaveLength(60);
    // our own limit (25 in any second, counted at sending) is below Telegram's 30: the 51st message
    // goes two seconds after the first, the 60th (catching up at most twice as fast) 2.18 s after;
    // the margin is for the first request's travel time on a busy machine
    expect(arrived[50]! - arrived[0]!).toBeGreaterThanOrEqual(1800);
    expect(arrived[59]! - arrived[0]!).toBeGreaterThanOrEqual(2000);
    expect(fake.rateLimited).toBe(before);
  });

  it('a chat that blocked the bot: DEAD and the identity marked unreachable', async () => {
    const clock = fixedClock(T0);
    const c = await customer(db, { identities: [{ platform: 'telegram', externalId: newChat() }] });
    fake.block(c.identities[0]!.externalId);
    await event(db, clock.now(), 'backorder.caught', { customerId: c.id });
    expect(await once(db, [channel], clock)).toMatchObject({ sent: 0, dead: 1 });
    const identity = await db.prisma.identity.findUniqueOrThrow({ where: { id: c.identities[0]!.id } });
    expect(identity.unreachableAt).not.toBeNull();
  });

  it('Telegram answering 502 and then 429: delivered once it recovers, exactly once', async () => {
    const clock = fixedClock(T0);
    const c = await customer(db, { identities: [{ platform: 'telegram', externalId: newChat() }] });
    await event(db, clock.now(), 'backorder.caught', { customerId: c.id });
    fake.failNext('sendMessage', 1, { status: 502, description: 'Bad Gateway' });
    fake.failNext('sendMessage', 1, {
      status: 429,
      description: 'Too Many Requests: retry after 2',
      retryAfter: 2,
    });
    expect(await once(db, [channel], clock)).toMatchObject({ retried: 1 });
    clock.advance(5_000);
    expect(await once(db, [channel], clock)).toMatchObject({ retried: 1 });
    clock.advance(2_000);
    expect(await once(db, [channel], clock)).toMatchObject({ sent: 1 });
    expect(await once(db, [channel], clock)).toMatchObject({ sent: 0 });
    expect(fake.to(c.identities[0]!.externalId)).toHaveLength(1);
  });
});
