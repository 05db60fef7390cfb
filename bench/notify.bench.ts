import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { TELEGRAM_CHANNEL } from '../bots/telegram/channel-spec.ts';
import { TelegramChannel } from '../bots/telegram/telegram-channel.ts';
import { systemClock } from '../src/clock.ts';
import { loadConfig } from '../src/config.ts';
import { openDb } from '../src/db/client.ts';
import { migrateDatabase } from '../src/db/migrate.ts';
import { silentLogger } from '../src/log.ts';
import { startDispatcher } from '../src/notify/dispatcher.ts';
import { notifyService } from '../src/notify/service.ts';
import { createMetrics } from '../src/prometheus.ts';
import { startFakeTelegram } from '../test/fakes/telegram-api.ts';
import { type Figure, report } from './harness.ts';

// 10 000 notifications to 2 000 distinct Telegram chats (5 each, interleaved as a lifecycle pass
// writes them), delivered by the running dispatcher through grammY to the loopback fake Bot API,
// which enforces Telegram's limits (1 message per second per chat, 30 per second in all) and
// answers 429 when they are exceeded. Baseline: the least time the limits allow for the messages
// needed, computed, beside the measured time. NOTIFY_BENCH_CHATS / NOTIFY_BENCH_PER_CHAT shrink
// it for dev runs only; reported figures are full size.

const CHATS = Number(process.env.NOTIFY_BENCH_CHATS ?? 2_000);
const PER_CHAT = Number(process.env.NOTIFY_BENCH_PER_CHAT ?? 5);
const FAKE_TOTAL_PER_SECOND = 30;

async function seed(url: string): Promise<void> {
  const db = await openDb(url);
  const at = new Date();
  try {
    await db.prisma.customer.createMany({
      data: Array.from({ length: CHATS }, (_, i) => ({ name: `c${i}`, currency: 'USD', createdAt: at })),
    });
    const customers = await db.prisma.customer.findMany({ select: { id: true }, orderBy: { id: 'asc' } });
    await db.prisma.identity.createMany({
      data: customers.map((c, i) => ({
        platform: 'telegram',
        externalId: String(10_000 + i),
        customerId: c.id,
        createdAt: at,
      })),
    });
    const events = [];
    for (let round = 0; round < PER_CHAT; round++) {
      for (const [i, c] of customers.entries()) {
        const id = round * CHATS + i + 1;
        const payload = {
          backorderId: id,
          fqdn: `name-${id}.com`,
          amount: '1250',
          currency: 'USD',
          invoiceNumber: `INV-${id}`,
        };
        events.push({
          kind: 'backorder.caught',
          audience: 'CUSTOMER',
          customerId: c.id,
          payload: JSON.stringify(payload),
          dedupeKey: `bench:${id}`,
          createdAt: at,
        });
      }
    }
    for (let i = 0; i < events.length; i += 1000)
      await db.prisma.outbox.createMany({ data: events.slice(i, i + 1000) });
  } finally {
    await db.close();
  }
}

export default async function notifyBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'notify-bench-'));
  const url = `file:${join(dir, 'bench.db')}`;
  const fake = await startFakeTelegram({ perChatIntervalMs: 1000, totalPerSecond: FAKE_TOTAL_PER_SECOND });
  try {
    await migrateDatabase(url);
    await seed(url);
    const total = CHATS * PER_CHAT;
    const db = await openDb(url);
    const config = loadConfig({ DATABASE_URL: url, INSTANCE_ID: 'bench' });
    const core = { db, config, metrics: createMetrics(), notify: notifyService(config) };
    const channel = new TelegramChannel({ token: '1:bench', apiRoot: fake.apiRoot });
    // templates compiled before the clock starts, as at a service's start
    const renderer = core.notify.templates([channel]);

    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const dispatcher = startDispatcher({
      core,
      channels: [channel],
      routes: [],
      renderer,
      log: silentLogger,
      clock: systemClock,
    });
    let sent = 0;
    while (sent < total) {
      await new Promise((r) => setTimeout(r, 100));
      sent = await db.prisma.notification.count({ where: { status: 'SENT' } });
      if (performance.now() - t0 > 30 * 60_000)
        throw new Error(`only ${sent} of ${total} delivered in 30 minutes`);
    }
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    loopDelay.disable();
    await dispatcher.stop();

    // none twice: every backorder id appears in exactly one delivered message
    const seen = new Map<number, number>();
    for (const m of fake.messages) {
      for (const id of m.text.matchAll(/ · #(\d+)\n/g))
        seen.set(Number(id[1]), (seen.get(Number(id[1])) ?? 0) + 1);
    }
    const twice = [...seen.values()].filter((n) => n > 1).length;
    if (seen.size !== total || twice > 0)
      throw new Error(`delivered ${seen.size} of ${total}, ${twice} twice`);
    const messages = fake.messages.length;
    await db.close();

    // The least time the limits allow for these messages: spread evenly at the channel's total rate,
    // and no chat receiving its k-th message before (k − 1) seconds.
    const byChat = new Map<string, number>();
    for (const m of fake.messages) byChat.set(m.chatId, (byChat.get(m.chatId) ?? 0) + 1);
    const perChat = Math.max(...byChat.values());
    const rate = TELEGRAM_CHANNEL.limits.total!;
    const minimum = Math.max(((messages - 1) * rate.perMs) / rate.count / 1000, perChat - 1);
    const telegramMinimum = Math.max((messages - 1) / FAKE_TOTAL_PER_SECOND, perChat - 1);
    const figures: Figure[] = [
      {
        name: `deliver ${total} notifications to ${CHATS} chats`,
        unit: 's',
        value: seconds,
        baseline: minimum,
        baselineName: `${messages} messages at ${rate.count}/s, our pacing`,
        target: '≤ 1.20x',
      },
      {
        name: 'same, against Telegram’s own ceiling',
        unit: 's',
        value: seconds,
        baseline: telegramMinimum,
        baselineName: `${messages} messages at ${FAKE_TOTAL_PER_SECOND}/s`,
      },
      {
        name: 'messages sent (digests: several notifications per chat in one)',
        unit: 'messages',
        value: messages,
        baseline: total,
        baselineName: 'one per notification',
      },
    ];
    report('Notifications: outbox → dispatcher → grammY → fake Bot API with Telegram limits', figures);
    console.log(
      `delivered ${seen.size}/${total}, none twice; ${messages} messages (at most ${perChat} to one chat); ` +
        `429 answers: ${fake.rateLimited} (target: a handful at most); CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s, ` +
        `event loop delay p50 ${(loopDelay.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(loopDelay.percentile(99) / 1e6).toFixed(1)} ms`,
    );
  } finally {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
