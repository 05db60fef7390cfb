import { connect } from 'node:net';
import { setPrice } from '../../../src/pricing/prices.ts';
import { ms, percentile, type Row, row } from '../report.ts';
import { buttonUpdate, messageUpdate, startWorld, until, WEBHOOK_SECRET, type World } from '../world.ts';
import type { Scenario } from './index.ts';

// A drop day: 2 000 Telegram updates from 500 customers offered within 10 s (searches, placements,
// buttons), delivered as Telegram delivers them (one at a time per chat, the next only after the
// previous was answered 2xx; at most 40 connections at once, Telegram's default), and 1 in 10
// delivered a second time; 200 Slack commands at once; bodies too large and bodies sent a byte a
// second, beside ordinary requests.

const USERS = 500;
const PER_USER = 4;
/** Telegram's default max_connections for a webhook */
const CONNECTIONS = 40;
const OFFER_WITHIN_MS = 10_000;
const SLACK_COMMANDS = 200;
const SLACK_ACK_MS = 3_000;
const SLOW_SENDERS = 20;

const script = (user: number) => [
  messageUpdate(user, '/start'),
  messageUpdate(user, '/search chaos'),
  messageUpdate(user, `/backorder load${user}.com`),
  buttonUpdate(user, 'm:balance'),
];

async function telegramLoad(world: World): Promise<Row[]> {
  const { telegram } = world;
  const users = Array.from({ length: USERS }, (_, i) => 700_000 + i);
  const scripts = users.map(script);
  const latencies: number[] = [];
  const failed: string[] = [];
  /** per update: the window in which it was being answered (the fake's clock: performance.now) */
  const windows = new Map<number, { user: number; from: number; to: number; button?: string }>();
  const redelivered: Array<{ user: number; updateId: number; from: number; to: number }> = [];
  let slots = CONNECTIONS;
  const waiting: Array<() => void> = [];
  const connection = async () => {
    if (slots > 0) slots--;
    else await new Promise<void>((r) => waiting.push(r));
  };
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else slots++;
  };
  const t0 = performance.now();
  await Promise.all(
    scripts.map(async (updates, u) => {
      // customers arrive spread over the first 10 s
      await new Promise((r) => setTimeout(r, (u * OFFER_WITHIN_MS) / USERS));
      const user = users[u]!;
      for (const [k, update] of updates.entries()) {
        await connection();
        const from = performance.now();
        const r = await world.postUpdate(update).finally(release);
        const to = performance.now();
        latencies.push(r.ms);
        if (r.status !== 200) failed.push(`update ${update.update_id}: HTTP ${r.status}`);
        windows.set(update.update_id, {
          user,
          from,
          to,
          button: 'callback_query' in update ? update.callback_query.id : undefined,
        });
        // one in ten chats gets its search delivered again, as Telegram does after a timeout
        if (k === PER_USER - 1 && u % 10 === 0) {
          await connection();
          const again = { from: performance.now(), user, updateId: updates[1]!.update_id, to: 0 };
          const r2 = await world.postUpdate(updates[1]!).finally(release);
          again.to = performance.now();
          if (r2.status !== 200) failed.push(`re-delivery of ${updates[1]!.update_id}: HTTP ${r2.status}`);
          redelivered.push(again);
        }
      }
    }),
  );
  const took = performance.now() - t0;

  // Answered: a message to the chat (or the button's answerCallbackQuery) while its update was open.
  const to = (user: number) => telegram.messages.filter((m) => m.chatId === String(user));
  let unanswered = 0;
  for (const [, w] of windows) {
    const answered = w.button
      ? telegram.callsTo('answerCallbackQuery').some((c) => c.params.callback_query_id === w.button)
      : to(w.user).some((m) => m.at >= w.from && m.at <= w.to);
    if (!answered) unanswered++;
  }
  // Doubled: a button answered twice, a re-delivered update answered again, an update handled twice.
  const callbackAnswers = new Map<string, number>();
  for (const c of telegram.callsTo('answerCallbackQuery'))
    callbackAnswers.set(
      c.params.callback_query_id,
      (callbackAnswers.get(c.params.callback_query_id) ?? 0) + 1,
    );
  const doubledButtons = [...callbackAnswers.values()].filter((n) => n > 1).length;
  // a re-delivered search answered again repeats its first answer (a notification may come meanwhile)
  const answeredAgain = redelivered.filter((w) => {
    const first = windows.get(w.updateId)!;
    const said = new Set(
      to(w.user)
        .filter((m) => m.at >= first.from && m.at <= first.to)
        .map((m) => m.text),
    );
    return to(w.user).some((m) => m.at >= w.from && m.at <= w.to && said.has(m.text));
  }).length;
  const handled = await world.db.prisma.processedUpdate.count({ where: { platform: 'telegram' } });
  const placed = await world.db.prisma.backorder.count({ where: { fqdn: { startsWith: 'load' } } });
  return [
    row({
      scenario: 'load',
      check: `Telegram: ${USERS * PER_USER} updates from ${USERS} chats offered within ${OFFER_WITHIN_MS / 1000} s, ${redelivered.length} delivered twice`,
      figure: `all answered in ${(took / 1000).toFixed(1)} s; reply p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}`,
      lost: unanswered + failed.length,
      doubled: doubledButtons + answeredAgain,
      note: failed.slice(0, 3).join('; ') || undefined,
    }),
    row({
      scenario: 'load',
      check: 'Telegram: each update handled once, each placement stored once',
      figure: `${handled} updates recorded, ${placed} backorders placed`,
      lost: Math.max(0, USERS * PER_USER - handled) + Math.max(0, USERS - placed),
      doubled: Math.max(0, handled - USERS * PER_USER) + Math.max(0, placed - USERS),
    }),
  ];
}

const SLACK_MIX = ['help', 'pricing list', 'jobs', 'score bestcar.com', 'stats'];

async function slackLoad(world: World): Promise<Row[]> {
  const { slack } = world;
  const urls = Array.from({ length: SLACK_COMMANDS }, () => slack.responseUrl());
  const acks = await Promise.all(urls.map((u, i) => world.slashCommand(SLACK_MIX[i % SLACK_MIX.length]!, u)));
  const ids = new Set(urls.map((u) => u.split('/').pop()!));
  await until(
    () => new Set(slack.responses.map((r) => r.id).filter((id) => ids.has(id))).size >= SLACK_COMMANDS,
    30_000,
    'every Slack command to be answered through its response_url',
  ).catch(() => {});
  const answers = new Map<string, number>();
  for (const r of slack.responses) if (ids.has(r.id)) answers.set(r.id, (answers.get(r.id) ?? 0) + 1);
  const late = acks.filter((a) => a.status !== 200 || a.ms > SLACK_ACK_MS).length;
  return [
    row({
      scenario: 'load',
      check: `Slack: ${SLACK_COMMANDS} slash commands at once, each acknowledged within ${SLACK_ACK_MS / 1000} s and answered once`,
      figure: `ack p50 ${ms(
        percentile(
          acks.map((a) => a.ms),
          50,
        ),
      )}, max ${ms(Math.max(...acks.map((a) => a.ms)))}; ${late} late`,
      lost: SLACK_COMMANDS - answers.size,
      doubled: [...answers.values()].filter((n) => n > 1).length,
      ok: late === 0,
    }),
  ];
}

/** Opens a request announcing `length` bytes and sends one byte a second; resolves to the status line. */
function slowBody(port: number, path: string, length: number): Promise<{ status: string; ms: number }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const socket = connect(port, '127.0.0.1');
    let timer: NodeJS.Timeout | undefined;
    let got = '';
    const done = () => {
      clearInterval(timer);
      socket.destroy();
      resolve({ status: /^HTTP\/1\.1 (\d+)/.exec(got)?.[1] ?? 'closed', ms: performance.now() - t0 });
    };
    socket.on('connect', () => {
      socket.write(
        `POST ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${length}\r\n\r\n`,
      );
      timer = setInterval(() => socket.write('{'), 1000);
    });
    socket.on('data', (b) => {
      got += b.toString();
    });
    socket.on('close', done);
    socket.on('error', done);
  });
}

/** Announces and starts sending a body of `length` bytes; resolves to the status line's code. */
function oversized(
  port: number,
  path: string,
  length: number,
  headers: string,
): Promise<{ status: string; ms: number }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const socket = connect(port, '127.0.0.1');
    let got = '';
    socket.on('connect', () => {
      socket.write(
        `POST ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\n${headers}content-type: application/json\r\ncontent-length: ${length}\r\n\r\n`,
      );
      socket.write(Buffer.alloc(64 * 1024, 0x20));
    });
    const done = () => {
      socket.destroy();
      resolve({ status: /^HTTP\/1\.1 (\d+)/.exec(got)?.[1] ?? 'closed', ms: performance.now() - t0 });
    };
    socket.on('data', (b) => {
      got += b.toString();
      if (got.includes('\r\n')) done();
    });
    socket.on('close', done);
    socket.on('error', done);
  });
}

async function bodies(world: World): Promise<Row[]> {
  const port = world.service.port;
  const big = await oversized(
    port,
    '/telegram/webhook',
    4 * 1024 * 1024,
    `x-telegram-bot-api-secret-token: ${WEBHOOK_SECRET}\r\n`,
  );
  const slow = Array.from({ length: SLOW_SENDERS }, () => slowBody(port, '/slack/events', 1000));
  // while they trickle: ordinary requests are answered at once
  const health: number[] = [];
  let answered = 0;
  const user = 790_000;
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    const res = await fetch(world.url('/healthz'));
    await res.text();
    health.push(performance.now() - t0);
    if ((await world.postUpdate(messageUpdate(user, '/balance'))).status === 200) answered++;
    await new Promise((r) => setTimeout(r, 250));
  }
  const cut = await Promise.all(slow);
  const held = cut.filter((c) => c.status !== '408' && c.status !== 'closed').length;
  return [
    row({
      scenario: 'load',
      check: 'a 4 MiB body is refused at once',
      figure: `HTTP ${big.status} after ${ms(big.ms)}`,
      lost: 0,
      doubled: 0,
      ok: big.status === '413',
    }),
    row({
      scenario: 'load',
      check: `${SLOW_SENDERS} bodies sent a byte a second are cut off; ordinary requests are answered meanwhile`,
      figure: `cut after ${ms(
        percentile(
          cut.map((c) => c.ms),
          50,
        ),
      )} (HTTP ${[...new Set(cut.map((c) => c.status))].join('/')}); /healthz p99 ${ms(percentile(health, 99))}; ${answered}/20 updates answered`,
      lost: 20 - answered,
      doubled: 0,
      ok: held === 0 && percentile(health, 99) < 1000,
    }),
  ];
}

export const load: Scenario = {
  name: 'load',
  title: 'a drop day all at once: Telegram updates, Slack commands, oversized and slow bodies',
  async run({ log }) {
    const world = await startWorld({ name: 'chaos-load' });
    try {
      await setPrice(world.db.prisma, 'com', 'USD', 1000n);
      const rows: Row[] = [];
      log('Telegram: 500 chats');
      rows.push(...(await telegramLoad(world)));
      log('Slack: 200 commands');
      rows.push(...(await slackLoad(world)));
      log('bodies: too large, too slow');
      rows.push(...(await bodies(world)));
      return rows;
    } finally {
      await world.stop();
    }
  },
};
