import { setTimeout as delay } from 'node:timers/promises';
import type { Rate } from './channel.ts';

// Pacing of outgoing messages: at most `count` per `perMs` towards one destination, and at most so
// many over all destinations of a channel, in any window of `perMs`. Messages are also kept at
// least half their average interval apart: a platform counts arrivals, and a burst whose requests
// arrive late next to the following burst looks like a flood. The window (not a fixed interval
// from the last send) lets the pace catch up, at up to twice the rate, when a busy machine fired
// the timers late: measured under load, a shorter catch-up lost a third of the throughput. Sending
// slower than allowed is cheaper than 429s, which Telegram punishes with ever longer waits.
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

/** When the next message for one key may go: the send times within the last window, oldest first. */
class Slot {
  private readonly sent: number[] = [];
  private readonly minGap: number;
  blockedUntil = 0;
  constructor(private readonly rate: Rate) {
    this.minGap = rate.perMs / rate.count / 2;
  }

  earliest(now: number): number {
    const { count, perMs } = this.rate;
    while (this.sent.length > 0 && this.sent[0]! <= now - perMs) this.sent.shift();
    const full = this.sent.length >= count ? this.sent[this.sent.length - count]! + perMs : 0;
    const gap = this.sent.length > 0 ? this.sent[this.sent.length - 1]! + this.minGap : 0;
    return Math.max(now, full, gap, this.blockedUntil);
  }

  take(now: number): void {
    this.sent.push(now);
    if (this.sent.length > this.rate.count) this.sent.shift();
  }

  /** a send taken at `takenAt` got its answer at `now`: count it from then */
  answered(takenAt: number, now: number): void {
    const i = this.sent.lastIndexOf(takenAt);
    if (i < 0) return;
    this.sent[i] = now;
    this.sent.sort((a, b) => a - b);
  }

  /** sent to recently enough that a complaint may be about this key */
  recent(now: number): boolean {
    const last = this.sent[this.sent.length - 1];
    return last !== undefined && now - last < this.rate.perMs / this.rate.count;
  }
}

interface Waiter {
  grant(): void;
  signal: AbortSignal | undefined;
}

/** One FIFO queue per shared limit, so a busy channel serves its destinations in claim order. */
class SharedLimit {
  readonly slot: Slot;
  private readonly queue: Waiter[] = [];
  private pumping = false;
  constructor(
    rate: Rate,
    private readonly time: PacerTime,
  ) {
    this.slot = new Slot(rate);
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
        const at = this.slot.earliest(now);
        if (at > now) {
          await this.time.sleep(at - now);
          continue;
        }
        this.slot.take(now);
        this.queue.shift()!.grant();
      }
    } finally {
      this.pumping = false;
    }
  }
}

export class Pacer {
  private readonly destinations = new Map<string, Slot>();
  private readonly shared = new Map<string, SharedLimit>();
  private readonly busy = new Map<string, Promise<unknown>>();

  constructor(private readonly time: PacerTime = realTime) {}

  /**
   * Resolves when one more message may go to `destination`; the slot is taken. Concurrent calls for
   * one destination queue up behind each other. Rejects with the signal's reason when aborted.
   *
   * Call the returned function when the platform has answered: the destination's pace then counts
   * from the answer. The request reached the platform somewhere between our send and its answer,
   * so counting from the answer keeps two messages to one chat a full interval apart on arrival,
   * however late the first one's request travelled.
   */
  acquire(
    destination: string,
    perDestination: Rate,
    total?: { key: string; rate: Rate },
    signal?: AbortSignal,
  ): Promise<() => void> {
    const previous = this.busy.get(destination) ?? Promise.resolve();
    const turn = previous.catch(() => {}).then(() => this.take(destination, perDestination, total, signal));
    const settled = turn.catch(() => {});
    this.busy.set(destination, settled);
    void settled.then(() => {
      if (this.busy.get(destination) === settled) this.busy.delete(destination);
    });
    return turn;
  }

  /**
   * The platform said "wait": nothing more goes to this destination for `ms`. When this destination
   * had not been sent to recently, the complaint was about the channel's total (Telegram does not
   * say which limit it means), so the whole channel waits too.
   */
  holdOff(destination: string, perDestination: Rate, ms: number, totalKey?: string): void {
    const now = this.time.now();
    const slot = this.slot(destination, perDestination);
    const until = now + ms;
    const shared = totalKey === undefined ? undefined : this.shared.get(totalKey);
    if (shared && !slot.recent(now)) shared.slot.blockedUntil = Math.max(shared.slot.blockedUntil, until);
    slot.blockedUntil = Math.max(slot.blockedUntil, until);
  }

  private slot(destination: string, rate: Rate): Slot {
    let slot = this.destinations.get(destination);
    if (!slot) {
      // forget destinations that are free to send again, so the map stays small
      if (this.destinations.size > 10_000) {
        const now = this.time.now();
        for (const [k, v] of this.destinations) if (v.earliest(now) <= now) this.destinations.delete(k);
      }
      slot = new Slot(rate);
      this.destinations.set(destination, slot);
    }
    return slot;
  }

  private async take(
    destination: string,
    perDestination: Rate,
    total: { key: string; rate: Rate } | undefined,
    signal: AbortSignal | undefined,
  ): Promise<() => void> {
    const slot = this.slot(destination, perDestination);
    for (;;) {
      signal?.throwIfAborted();
      const now = this.time.now();
      const at = slot.earliest(now);
      if (at <= now) break;
      await this.time.sleep(at - now, signal);
    }
    if (total) {
      const limit = this.shared.get(total.key) ?? new SharedLimit(total.rate, this.time);
      this.shared.set(total.key, limit);
      await limit.take(signal);
    }
    const takenAt = this.time.now();
    slot.take(takenAt);
    return () => slot.answered(takenAt, this.time.now());
  }
}
