import { setTimeout as delay } from 'node:timers/promises';
import type { Rate } from './channel.ts';

// Pacing of outgoing messages: at most `count` per `perMs` towards one destination, and at most so
// many over all destinations of a channel. Sending slower than the platform allows is cheaper than
// being told off with 429s, which Telegram punishes with ever longer waits.
//
// Pacing measures elapsed real time (a monotonic clock), not the business Clock: a test's frozen
// clock must not freeze the pacer, and a wall-clock jump must not release a burst.

export interface PacerTime {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realTime: PacerTime = {
  now: () => performance.now(),
  sleep: (ms, signal) => delay(ms, undefined, signal ? { signal } : undefined),
};

/** The send times of one key within its window, oldest first. */
class Window {
  readonly sent: number[] = [];
  blockedUntil = 0;
  constructor(readonly rate: Rate) {}

  earliest(now: number): number {
    while (this.sent.length > 0 && this.sent[0]! <= now - this.rate.perMs) this.sent.shift();
    const full =
      this.sent.length >= this.rate.count
        ? this.sent[this.sent.length - this.rate.count]! + this.rate.perMs
        : 0;
    return Math.max(now, full, this.blockedUntil);
  }

  idle(now: number): boolean {
    return this.earliest(now) <= now && this.sent.length === 0;
  }
}

interface Waiter {
  grant(): void;
  signal: AbortSignal | undefined;
}

/** One FIFO queue per shared limit, so a busy channel serves its destinations in claim order. */
class SharedLimit {
  readonly window: Window;
  private readonly queue: Waiter[] = [];
  private pumping = false;
  constructor(
    rate: Rate,
    private readonly time: PacerTime,
  ) {
    this.window = new Window(rate);
  }

  take(signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        signal,
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        const i = this.queue.indexOf(waiter);
        if (i >= 0) this.queue.splice(i, 1);
        reject(signal!.reason);
      };
      if (signal?.aborted) return reject(signal.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
      void this.pump();
    });
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length > 0) {
        const now = this.time.now();
        const at = this.window.earliest(now);
        if (at > now) {
          await this.time.sleep(at - now);
          continue;
        }
        this.window.sent.push(now);
        this.queue.shift()!.grant();
      }
    } finally {
      this.pumping = false;
    }
  }
}

export class Pacer {
  private readonly destinations = new Map<string, Window>();
  private readonly shared = new Map<string, SharedLimit>();
  private readonly busy = new Map<string, Promise<void>>();

  constructor(private readonly time: PacerTime = realTime) {}

  /**
   * Resolves when one more message may go to `destination`; the slot is taken. Concurrent calls for
   * one destination queue up behind each other. Rejects with the signal's reason when aborted.
   */
  acquire(
    destination: string,
    perDestination: Rate,
    total?: { key: string; rate: Rate },
    signal?: AbortSignal,
  ): Promise<void> {
    const previous = this.busy.get(destination) ?? Promise.resolve();
    const turn = previous.catch(() => {}).then(() => this.take(destination, perDestination, total, signal));
    const settled = turn.catch(() => {});
    this.busy.set(destination, settled);
    void settled.then(() => {
      if (this.busy.get(destination) === settled) this.busy.delete(destination);
    });
    return turn;
  }

  /** The platform said "wait": nothing more goes to this destination for `ms`. */
  holdOff(destination: string, perDestination: Rate, ms: number): void {
    const w = this.window(destination, perDestination);
    w.blockedUntil = Math.max(w.blockedUntil, this.time.now() + ms);
  }

  private window(destination: string, rate: Rate): Window {
    let w = this.destinations.get(destination);
    if (!w) {
      // forget destinations that have been quiet for a whole window, so the map stays small
      if (this.destinations.size > 10_000) {
        const now = this.time.now();
        for (const [k, v] of this.destinations) if (v.idle(now)) this.destinations.delete(k);
      }
      w = new Window(rate);
      this.destinations.set(destination, w);
    }
    return w;
  }

  private async take(
    destination: string,
    perDestination: Rate,
    total: { key: string; rate: Rate } | undefined,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const w = this.window(destination, perDestination);
    for (;;) {
      signal?.throwIfAborted();
      const now = this.time.now();
      const at = w.earliest(now);
      if (at <= now) break;
      await this.time.sleep(at - now, signal);
    }
    if (total) {
      const limit = this.shared.get(total.key) ?? new SharedLimit(total.rate, this.time);
      this.shared.set(total.key, limit);
      await limit.take(signal);
    }
    w.sent.push(this.time.now());
  }
}
