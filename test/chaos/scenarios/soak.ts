import { setPrice } from '../../../src/pricing/prices.ts';
import { ms, percentile, row } from '../report.ts';
import { buttonUpdate, messageUpdate, startWorld, type World } from '../world.ts';
import type { Scenario } from './index.ts';

// The service left running with customers who keep writing: a steady stream of Telegram updates
// (searches, placements, the menu), staff commands, and the notifications they cause. Every 10 s
// the service's own /metrics is read: resident memory and the event loop's delay (prom-client's
// process metrics). Memory must stay flat once warm, and the loop must keep answering.

const USERS = 200;
const UPDATES_PER_SECOND = 10;
const SAMPLE_MS = 10_000;
const LAG_P99_MS = 50;
/** the second half's median resident memory over the first half's (after the first minute) */
const FLAT_RATIO = 1.15;

function metric(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : Number.NaN;
}

const TABLES = ['processedUpdate', 'outbox', 'notification', 'chatState', 'jobRun', 'log'] as const;

async function counts(world: World): Promise<Record<string, number>> {
  const p = world.db.prisma as unknown as Record<string, { count(): Promise<number> }>;
  const out: Record<string, number> = {};
  for (const t of TABLES) out[t] = await p[t]!.count();
  return out;
}

export const soak: Scenario = {
  name: 'soak',
  title: 'the service under steady use: memory flat, event loop answering',
  async run({ short, log }) {
    const durationMs = short ? 3 * 60_000 : 30 * 60_000;
    const world = await startWorld({ name: 'chaos-soak', env: { SANDBOX_DROPLIST_SIZE: '100000' } });
    try {
      await setPrice(world.db.prisma, 'com', 'USD', 1000n);
      const started = Date.now();
      const samples: Array<{ at: number; rss: number; lagP99: number; heap: number }> = [];
      const latencies: number[] = [];
      let failed = 0;
      let sent = 0;
      let stop = false;
      const traffic = (async () => {
        for (let i = 0; !stop; i++) {
          const user = 850_000 + (i % USERS);
          const kind = i % 5;
          const update =
            kind === 0
              ? messageUpdate(user, '/search star')
              : kind === 1
                ? messageUpdate(user, `/backorder soak${i}.com`)
                : kind === 2
                  ? buttonUpdate(user, 'm:balance')
                  : kind === 3
                    ? messageUpdate(user, '/mybackorders')
                    : messageUpdate(user, '/prices');
          void world.postUpdate(update).then((r) => {
            latencies.push(r.ms);
            if (r.status !== 200) failed++;
          });
          sent++;
          if (i % 50 === 0) void world.slashCommand('stats', world.slack.responseUrl());
          await new Promise((r) => setTimeout(r, 1000 / UPDATES_PER_SECOND));
        }
      })();
      const before = await counts(world);
      while (Date.now() - started < durationMs) {
        await new Promise((r) => setTimeout(r, SAMPLE_MS));
        const text = await fetch(world.url('/metrics')).then((r) => r.text());
        samples.push({
          at: Date.now() - started,
          rss: metric(text, 'process_resident_memory_bytes') / 2 ** 20,
          heap: metric(text, 'nodejs_heap_size_used_bytes') / 2 ** 20,
          lagP99: metric(text, 'nodejs_eventloop_lag_p99_seconds') * 1000,
        });
        const last = samples[samples.length - 1]!;
        if (samples.length % 6 === 0)
          log(
            `${Math.round(last.at / 1000)} s: RSS ${last.rss.toFixed(0)} MB, heap ${last.heap.toFixed(0)} MB, loop p99 ${last.lagP99.toFixed(1)} ms`,
          );
      }
      stop = true;
      await traffic;
      await new Promise((r) => setTimeout(r, 2_000));
      const after = await counts(world);
      const warm = samples.filter((s) => s.at > 60_000);
      const half = Math.floor(warm.length / 2);
      const firstRss = percentile(
        warm.slice(0, half).map((s) => s.rss),
        50,
      );
      const lastRss = percentile(
        warm.slice(half).map((s) => s.rss),
        50,
      );
      const lags = samples.map((s) => s.lagP99);
      const minutes = durationMs / 60_000;
      const growth = TABLES.map((t) => `${t} +${Math.round((after[t]! - before[t]!) / minutes)}/min`).join(
        ', ',
      );
      return [
        row({
          scenario: 'soak',
          check: `${minutes} min of ${UPDATES_PER_SECOND} Telegram updates a second from ${USERS} chats, staff commands, their notifications`,
          figure: `${sent} updates, reply p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}`,
          lost: failed,
          doubled: 0,
        }),
        row({
          scenario: 'soak',
          check: `resident memory flat once warm (second half ≤ ${FLAT_RATIO}× the first)`,
          figure: `RSS median ${firstRss.toFixed(0)} → ${lastRss.toFixed(0)} MB (${(lastRss / firstRss).toFixed(2)}×), max ${Math.max(...samples.map((s) => s.rss)).toFixed(0)} MB`,
          lost: 0,
          doubled: 0,
          ok: lastRss <= firstRss * FLAT_RATIO,
        }),
        row({
          scenario: 'soak',
          check: `event-loop delay p99 ≤ ${LAG_P99_MS} ms (each 10 s window)`,
          figure: `median window ${ms(percentile(lags, 50))}, worst ${ms(Math.max(...lags))}`,
          lost: 0,
          doubled: 0,
          ok: percentile(lags, 50) <= LAG_P99_MS,
        }),
        row({
          scenario: 'soak',
          check: 'growth of the tables the prune job keeps in bounds (RETAIN_*_DAYS)',
          figure: growth,
          lost: 0,
          doubled: 0,
        }),
      ];
    } finally {
      await world.stop();
    }
  },
};
