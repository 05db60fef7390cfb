import { describe, expect, it } from 'vitest';
import { Pacer } from '../../src/notify/pacer.ts';

// Real (monotonic) time with short windows: a few hundred milliseconds per test.

const TIMER_SLACK = 2; // ms a timer may fire early relative to performance.now()

async function times(n: number, acquire: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      await acquire(i);
      out.push(performance.now());
    }),
  );
  return out.sort((a, b) => a - b);
}

/** true when no window of `perMs` holds more than `count` of the times */
const within = (t: number[], count: number, perMs: number) =>
  t.every((x, i) => i + count >= t.length || t[i + count]! - x >= perMs - TIMER_SLACK);

// Wall time against platform limits: a busy neighbour on a 2-core machine can starve one run.
describe('pacing', { retry: 2 }, () => {
  it('one destination: at most one message per interval', async () => {
    const pacer = new Pacer();
    const t = await times(5, () => pacer.acquire('chat', { count: 1, perMs: 100 }));
    expect(within(t, 1, 100)).toBe(true);
    expect(t[4]! - t[0]!).toBeGreaterThanOrEqual(400 - TIMER_SLACK);
  });

  it('counts a destination’s interval from the platform’s answer, not from the send', async () => {
    let now = 0;
    const pacer = new Pacer({
      now: () => now,
      sleep: async (ms) => {
        now += ms;
      },
    });
    const rate = { count: 1, perMs: 1000 };
    const answered = await pacer.acquire('chat', rate);
    now += 300; // the request took 300 ms: it may have arrived only just before the answer
    answered();
    await pacer.acquire('chat', rate);
    expect(now).toBe(1300);
  });

  it('count per window, never in a burst: at least half the average interval apart', async () => {
    const pacer = new Pacer();
    const t = await times(7, () => pacer.acquire('webhook', { count: 3, perMs: 300 }));
    expect(within(t, 3, 300)).toBe(true);
    for (let i = 1; i < t.length; i++) expect(t[i]! - t[i - 1]!).toBeGreaterThanOrEqual(50 - TIMER_SLACK);
    expect(t[6]! - t[0]!).toBeLessThan(900);
  });

  it('catches up when the event loop ran late, without breaking the window (virtual time)', async () => {
    let now = 0;
    const pacer = new Pacer({
      now: () => now,
      sleep: async (ms) => {
        now += ms;
      },
    });
    const t: number[] = [];
    for (let i = 0; i < 30; i++) {
      await pacer.acquire('chat', { count: 10, perMs: 500 });
      t.push(now);
      if (i % 10 === 3) now += 100; // a synchronous stall, as a slow query would cause
    }
    expect(within(t, 10, 500)).toBe(true);
    for (let i = 1; i < t.length; i++) expect(t[i]! - t[i - 1]!).toBeGreaterThanOrEqual(25);
    // back on the schedule of each window despite the stalls; counting from the last send instead
    // would end at 29 × 50 + 3 × 100 = 1750
    expect(t[10]).toBe(500);
    expect(t[20]).toBe(1000);
    expect(t[29]).toBe(1300);
  });

  it('all destinations together: the shared limit holds', async () => {
    const pacer = new Pacer();
    const total = { key: 'telegram', rate: { count: 5, perMs: 200 } };
    const t = await times(20, (i) => pacer.acquire(`chat-${i}`, { count: 1, perMs: 1000 }, total));
    expect(within(t, 5, 200)).toBe(true);
    expect(t[19]! - t[0]!).toBeGreaterThanOrEqual(600 - TIMER_SLACK);
    expect(t[19]! - t[0]!).toBeLessThan(1000);
  });

  it('a slow destination does not hold up the others', async () => {
    const pacer = new Pacer();
    const total = { key: 'telegram', rate: { count: 100, perMs: 1000 } };
    const started = performance.now();
    const slow = times(3, () => pacer.acquire('busy-chat', { count: 1, perMs: 300 }, total));
    const [other] = await times(1, () => pacer.acquire('quiet-chat', { count: 1, perMs: 300 }, total));
    expect(other! - started).toBeLessThan(100);
    expect(within(await slow, 1, 300)).toBe(true);
  });

  it('holds a destination back as long as the platform asked', async () => {
    const pacer = new Pacer();
    const rate = { count: 1, perMs: 10 };
    pacer.holdOff('chat', rate, 250);
    const started = performance.now();
    await pacer.acquire('chat', rate);
    expect(performance.now() - started).toBeGreaterThanOrEqual(250 - TIMER_SLACK);
  });

  it('a complaint about a chat just sent to holds back that chat; about any other, the whole channel', async () => {
    const pacer = new Pacer();
    const chat = { count: 1, perMs: 1000 };
    const total = { key: 'telegram', rate: { count: 100, perMs: 1000 } };
    await pacer.acquire('busy', chat, total);
    pacer.holdOff('busy', chat, 300, 'telegram'); // just sent to: the chat's own limit
    let started = performance.now();
    await pacer.acquire('other', chat, total);
    expect(performance.now() - started).toBeLessThan(100);
    pacer.holdOff('never-sent', chat, 300, 'telegram'); // not this chat's limit: the channel's total
    started = performance.now();
    await pacer.acquire('third', chat, total);
    expect(performance.now() - started).toBeGreaterThanOrEqual(300 - TIMER_SLACK);
  });

  it('stops waiting when aborted, and the queue goes on for the others', async () => {
    const pacer = new Pacer();
    const total = { key: 'x', rate: { count: 1, perMs: 200 } };
    await pacer.acquire('a', { count: 1, perMs: 1 }, total);
    const abort = new AbortController();
    const waiting = pacer.acquire('b', { count: 1, perMs: 1 }, total, abort.signal);
    const next = pacer.acquire('c', { count: 1, perMs: 1 }, total);
    abort.abort(new Error('stopping'));
    await expect(waiting).rejects.toThrow('stopping');
    const started = performance.now();
    await next;
    expect(performance.now() - started).toBeLessThan(250);
  });
});
