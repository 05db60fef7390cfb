import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedBot } from '../../bots/bot.ts';
import { createTelegramBot } from '../../bots/telegram/index.ts';
import { createHttpServer } from '../../src/http/server.ts';
import { createLogger, DAY, jobDefinitions } from '../../src/index.ts';
import { startFakeTelegram } from '../fakes/telegram-api.ts';
import { DE, EN, type Harness, SECRET, startTelegram, type User, visible } from './harness.ts';

// How updates arrive and replies leave: the webhook's secret, Telegram's re-deliveries, long
// polling with the runner, flood control (429), blocked users, floods from one user, and a
// Telegram that cannot be reached when the service starts.

let h: Harness;
beforeAll(async () => {
  h = await startTelegram();
});

const update = (id: number, user: User, text: string) =>
  JSON.stringify({
    update_id: id,
    message: {
      message_id: id,
      date: 0,
      chat: { id: user.id, type: 'private', first_name: 'User' },
      from: { is_bot: false, first_name: 'User', ...user },
      text,
      ...(text.startsWith('/')
        ? { entities: [{ type: 'bot_command', offset: 0, length: text.split(' ')[0]!.length }] }
        : {}),
    },
  });

describe('webhook', () => {
  it('a wrong or missing secret token is 401, and the update is not handled', async () => {
    const before = h.fake.messages.length;
    for (const secret of ['wrong-secret', null, '']) {
      const res = await h.post(update(900_001, EN, '/start'), secret);
      expect(res.status).toBe(401);
    }
    expect(h.fake.messages.length).toBe(before);
    expect(await h.core.db.prisma.processedUpdate.count({ where: { updateId: '900001' } })).toBe(0);
  });

  it('a body that is not JSON is 400; other methods are 405', async () => {
    expect((await h.post('{not json')).status).toBe(400);
    expect((await fetch(h.url)).status).toBe(405);
  });

  it('the same update_id twice (a re-delivery) is handled once', async () => {
    const before = h.fake.to(EN.id).length;
    const first = await h.post(update(900_002, EN, '/help'));
    const again = await h.post(update(900_002, EN, '/help'));
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(h.fake.to(EN.id).length - before).toBe(1);
    expect(
      await h.core.db.prisma.processedUpdate.count({ where: { platform: 'telegram', updateId: '900002' } }),
    ).toBe(1);
  });

  it('remembers update ids for two days, then forgets them', async () => {
    const old = new Date(h.clock.now().getTime() - 2 * DAY - 1);
    await h.core.db.prisma.processedUpdate.create({
      data: { platform: 'telegram', updateId: 'old-1', at: old },
    });
    await h.core.db.prisma.processedUpdate.create({
      data: { platform: 'discord', updateId: 'old-2', at: old },
    });
    const prune = jobDefinitions(h.core).find((j) => j.name === 'prune')!;
    // a scope that asked for nothing (here 'discord') is kept RETAIN_PROCESSED_UPDATES_DAYS, 2 by default
    expect(await prune.run(h.clock.now())).toContain('claims=2');
    expect(
      await h.core.db.prisma.processedUpdate.count({ where: { updateId: { in: ['old-1', 'old-2'] } } }),
    ).toBe(0);
    expect(await h.core.db.prisma.processedUpdate.count({ where: { updateId: '900002' } })).toBe(1);
  });
});

// Waiting out retry_after is wall time: a busy neighbour on a 2-core machine can starve one run.
describe('flood control (429)', { retry: 2 }, () => {
  it('a short retry_after is waited out and the reply still arrives', async () => {
    h.fake.failNext('sendMessage', 1, {
      status: 429,
      description: 'Too Many Requests: retry after 1',
      retryAfter: 1,
    });
    const t0 = performance.now();
    const r = await h.send('/help', EN);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(950);
    expect(visible(r.text)).toContain('What I can do');
    const last = h.fake.callsTo('sendMessage').slice(-2);
    expect(last.map((c) => c.status)).toEqual([429, 200]);
  });

  it('a long retry_after is not waited for (a person is waiting): no reply, no error message, nothing breaks', async () => {
    h.fake.failNext('sendMessage', 1, {
      status: 429,
      description: 'Too Many Requests: retry after 30',
      retryAfter: 30,
    });
    const t0 = performance.now();
    const r = await h.send('/help', EN);
    expect(r.status).toBe(200);
    expect(performance.now() - t0).toBeLessThan(5_000);
    expect(r.replies).toHaveLength(0);
    expect(visible((await h.send('/help', EN)).text)).toContain('What I can do');
  });

  it('against Telegram’s own per-chat limit, quick commands still all get their answer', async () => {
    const strict = await startTelegram({ fake: { enforceLimits: true, perChatIntervalMs: 1000 } });
    const help = await strict.send('/help', EN);
    const prices = await strict.send('/prices', EN);
    expect([help.replies.length, prices.replies.length]).toEqual([1, 1]);
    expect(strict.fake.rateLimited).toBeGreaterThanOrEqual(1);
  });
});

describe('a user who blocked the bot', () => {
  const identity = () =>
    h.core.db.prisma.identity.findUniqueOrThrow({
      where: { platform_externalId: { platform: 'telegram', externalId: String(DE.id) } },
    });

  it('is marked unreachable when a reply is refused, without an error for anyone', async () => {
    await h.send('/start', DE);
    h.fake.block(DE.id);
    const r = await h.send('/balance', DE);
    expect(r.status).toBe(200);
    expect(r.replies).toHaveLength(0);
    expect((await identity()).unreachableAt).not.toBeNull();
    // button presses are still answered
    const press = await h.press('m:help', DE);
    expect(press.answers).toHaveLength(1);
    expect(visible((await h.send('/help', EN)).text)).toContain('What I can do');
  });

  it('writing again after unblocking makes the chat reachable again', async () => {
    h.fake.unblock(DE.id);
    const r = await h.send('/help', DE);
    expect(r.replies).toHaveLength(1);
    expect((await identity()).unreachableAt).toBeNull();
  });
});

describe('a flood from one user', () => {
  it('gets one polite warning; other users are not affected', async () => {
    const limited = await startTelegram({ bot: { rateLimit: { limit: 3, windowMs: 60_000 } } });
    const flood: User = { id: 5005, first_name: 'Flo', language_code: 'de' };
    const replies: string[] = [];
    for (let i = 0; i < 8; i++)
      replies.push(...(await limited.send('/prices', flood)).replies.map((m) => visible(m.text)));
    expect(replies).toHaveLength(4);
    expect(replies[3]).toMatch(/^⏳ Das ist viel auf einmal\. Bitte warten Sie \d+ Sekunden/);
    const press = await limited.press('m:help', flood);
    expect(press.replies).toHaveLength(0);
    expect(press.answers[0]?.text).toMatch(/^⏳/);
    expect((await limited.send('/prices', EN)).replies).toHaveLength(1);
  });
});

describe('long polling', () => {
  let p: Harness;
  beforeAll(async () => {
    p = await startTelegram({ mode: 'polling' });
  });

  it('deletes any webhook, polls getUpdates and answers commands and buttons', async () => {
    const r = await p.send('/start', EN);
    expect(visible(r.text)).toContain('Welcome, Ann');
    expect(p.fake.callsTo('deleteWebhook').length).toBeGreaterThanOrEqual(1);
    expect(p.fake.callsTo('getUpdates').length).toBeGreaterThanOrEqual(1);
    const press = await p.press('m:prices', EN, r.replies[0]);
    expect(press.answers).toHaveLength(1);
    expect(visible(press.text)).toContain('No zones are offered yet');
  });

  it('one chat’s updates are handled in order', async () => {
    const texts = ['/help', '/prices', '/balance', '/watch'];
    const before = p.fake.to(DE.id).length;
    for (const [i, t] of texts.entries()) p.fake.pushUpdate(JSON.parse(update(800_000 + i, DE, t)));
    await p.fake.waitFor(() => p.fake.to(DE.id).length - before >= texts.length);
    const got = p.fake
      .to(DE.id)
      .slice(before)
      .map((m) => visible(m.text).split('\n')[0]);
    expect(got[0]).toContain('Was ich kann');
    expect(got[1]).toContain('Noch werden keine Zonen');
    expect(got[2]).toContain('Ihr Konto');
    expect(got[3]).toContain('keine Alarme');
  });

  it('an update Telegram sends twice is handled once', async () => {
    const before = p.fake.to(EN.id).length;
    p.fake.pushUpdate(JSON.parse(update(810_000, EN, '/help')));
    p.fake.pushUpdate(JSON.parse(update(810_000, EN, '/help')));
    await p.fake.waitFor(() => p.fake.to(EN.id).length > before);
    await new Promise((r) => setTimeout(r, 300));
    expect(p.fake.to(EN.id).length).toBe(before + 1);
  });
});

describe('Telegram unreachable at start', () => {
  it('start() returns at once and stop() is clean when nothing answers at the API root', async () => {
    const closed = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const { port } = s.address() as { port: number };
        s.close(() => resolve(port));
      });
    });
    const lines: string[] = [];
    const log = createLogger({ level: 'warn', write: (l) => lines.push(l) });
    for (const webhook of [false, true]) {
      const http = createHttpServer({ host: '127.0.0.1', port: 0, log });
      const config = {
        ...h.core.config,
        TELEGRAM_API_ROOT: `http://127.0.0.1:${closed}`,
        TELEGRAM_WEBHOOK_URL: webhook ? 'https://bot.example.com/telegram/webhook' : undefined,
      };
      const { port } = await http.listen();
      expect(port).toBeGreaterThan(0);
      const t0 = performance.now();
      const bot: StartedBot = await createTelegramBot({ retryMs: 20 }).start({
        core: h.core,
        config,
        log,
        http,
      });
      expect(performance.now() - t0).toBeLessThan(1_000);
      expect(bot.summary).toMatch(
        webhook ? /^telegram: webhook at POST \/telegram\/webhook/ : /^telegram: long polling/,
      );
      const said = webhook ? 'setting the webhook failed; retrying' : 'connecting failed; retrying';
      for (let waited = 0; !lines.some((l) => l.includes(said)) && waited < 5_000; waited += 20)
        await new Promise((r) => setTimeout(r, 20));
      if (webhook) {
        // not yet known who we are: updates are turned away for Telegram to send again later
        const res = await fetch(
          `http://127.0.0.1:${(http.server.address() as { port: number }).port}/telegram/webhook`,
          {
            method: 'POST',
            headers: { 'x-telegram-bot-api-secret-token': SECRET },
            body: update(830_000, EN, '/help'),
          },
        );
        expect(res.status).toBe(503);
      }
      await bot.stop();
      await http.close();
    }
    expect(lines.some((l) => l.includes('connecting failed; retrying'))).toBe(true);
    expect(lines.some((l) => l.includes('setting the webhook failed; retrying'))).toBe(true);
  });

  it('keeps trying while Telegram fails, then serves once it answers', async () => {
    const fake = await startFakeTelegram({ enforceLimits: false });
    afterAll(() => fake.close());
    fake.failNext('getMe', 3, { status: 502, description: 'Bad Gateway' });
    const http = createHttpServer({
      host: '127.0.0.1',
      port: 0,
      log: createLogger({ level: 'error', write: () => {} }),
    });
    const bot = await createTelegramBot({ retryMs: 20, pollTimeoutSeconds: 1 }).start({
      core: h.core,
      config: { ...h.core.config, TELEGRAM_API_ROOT: fake.apiRoot, TELEGRAM_WEBHOOK_URL: undefined },
      log: createLogger({ level: 'error', write: () => {} }),
      http,
    });
    fake.pushUpdate(JSON.parse(update(820_000, EN, '/help')));
    await fake.waitFor(() => fake.to(EN.id).length > 0, 10_000);
    expect(fake.callsTo('getMe').map((c) => c.status)).toEqual([502, 502, 502, 200]);
    await bot.stop();
    await http.close();
  });
});
