import type { Clock } from '../clock.ts';
import type { Db } from '../db/client.ts';
import { onceReachable } from '../db/unavailable.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';
import type { NotificationChannel, OutgoingMessage, SendResult } from './channel.ts';
import type { ClaimedRow, Group } from './claim.ts';
import type { ClaimLease } from './claim-lease.ts';
import { OWN_MESSAGE_EVENTS } from './events.ts';
import { claimedRows } from './notification-rows.ts';
import type { Pacer } from './pacer.ts';
import { isEventKind } from './payloads.ts';
import { layout, merge } from './split.ts';
import type { Renderer } from './templates.ts';

// Sending one claimed recipient's notifications: render each in the recipient's language, pack
// them into as few messages as the platform's limits allow (a digest), send at the pace the
// platform allows, and record the outcome of every row. A row is SENT once all its parts are
// delivered; parts already delivered are remembered, so a retry never repeats them.

export const METRIC_SENT = 'backorder_notifications_sent_total';
export const METRIC_FAILED = 'backorder_notifications_failed_total';
export const METRIC_LAG = 'backorder_notification_delivery_lag_seconds';
/** From a few seconds (the promise) to the hours a platform outage or a backoff can take. */
export const LAG_BUCKETS = [0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600, 4 * 3600, 12 * 3600];

/** After this many failed attempts a notification is given up (about half a day of backoff). */
export const MAX_ATTEMPTS = 20;
const BACKOFF_BASE_MS = 5_000;
const BACKOFF_CAP_MS = 3_600_000;

export function backoffMs(attempts: number, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined) return retryAfterMs;
  return Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
}

export interface DeliveryContext {
  db: Db;
  clock: Clock;
  log: Logger;
  metrics: Metrics;
  renderer: Renderer;
  pacer: Pacer;
  leaseMs: number;
  /** aborts waiting for a send slot (stop); a send already under way completes */
  signal: AbortSignal;
}

export interface Outcome {
  sent: number;
  retried: number;
  dead: number;
}

interface Item {
  row: ClaimedRow;
  parts: OutgoingMessage[];
  delivered: string[];
}

interface Planned {
  message: OutgoingMessage;
  items: Item[];
  /** a whole single-part notification: later ones may join this message */
  joinable: boolean;
}

function plan(items: Item[], channel: NotificationChannel): Planned[] {
  const out: Planned[] = [];
  for (const item of items) {
    const remaining = item.parts.slice(item.delivered.length);
    const whole =
      remaining.length === 1 &&
      item.delivered.length === 0 &&
      !(OWN_MESSAGE_EVENTS as readonly string[]).includes(item.row.kind);
    const last = out[out.length - 1];
    if (whole && last?.joinable) {
      const merged = merge(last.message, remaining[0]!, channel.limits);
      if (merged) {
        last.message = merged;
        last.items.push(item);
        continue;
      }
    }
    for (const part of remaining) out.push({ message: part, items: [item], joinable: whole });
  }
  return out;
}

/** `lease` keeps the group's claim while it is sent (the caller starts and stops it). */
export async function deliverGroup(
  ctx: DeliveryContext,
  channel: NotificationChannel,
  group: Group,
  lease: ClaimLease,
): Promise<Outcome> {
  const { clock, log, metrics } = ctx;
  const rows = claimedRows(ctx.db, group.token);
  const labels = { channel: channel.name };
  const glog = log.child({ channel: channel.name, recipient: group.recipient });
  const outcome: Outcome = { sent: 0, retried: 0, dead: 0 };
  const destination = `${channel.name}:${group.recipient}`;

  const sentNow = (sent: ClaimedRow[]) => {
    const now = clock.now().getTime();
    for (const row of sent)
      metrics.observe(METRIC_LAG, labels, Math.max(0, now - row.writtenAt.getTime()) / 1000);
    metrics.inc(METRIC_SENT, labels, sent.length);
    outcome.sent += sent.length;
  };
  const died = (n: number) => {
    metrics.inc(METRIC_FAILED, { ...labels, result: 'dead' }, n);
    outcome.dead += n;
  };

  const { items, skipped, said, unrenderable } = render(ctx, channel, group);
  for (const { row, error } of unrenderable) {
    glog.error('notification cannot be rendered', { notificationId: row.id, kind: row.kind, error });
    await rows.unrenderable(row.id, (error as Error).message);
    died(1);
  }
  await rows.settle(
    skipped.map((r) => r.id),
    'SKIPPED',
    clock.now(),
  );
  await rows.settle(
    said.map((r) => r.id),
    'SENT',
    clock.now(),
  );
  if (said.length > 0) sentNow(said);

  const unsent = () => items.filter((i) => i.delivered.length < i.parts.length).map((i) => i.row);

  for (const step of plan(items, channel)) {
    let answered: () => void;
    try {
      answered = await ctx.pacer.acquire(
        destination,
        channel.limits.perDestination,
        channel.limits.total && { key: channel.name, rate: channel.limits.total },
        ctx.signal,
      );
    } catch {
      // stopping: hand the rest back untouched, another run sends them
      await rows.release(unsent().map((r) => r.id));
      return outcome;
    }
    if (!(await lease.held())) {
      answered();
      glog.warn('claim lost (taken over, or not renewed in time); leaving the rest to the next claim');
      return outcome;
    }

    let result: SendResult;
    try {
      result = await channel.send(group.recipient, step.message);
    } catch (e) {
      result = { ok: false, retryable: true, error: (e as Error)?.message ?? String(e) };
    }
    answered();

    if (result.ok) {
      const done = new Map<string, ClaimedRow[]>();
      for (const item of step.items) {
        item.delivered.push(result.providerMessageId);
        const ids = item.delivered.join(',');
        if (item.delivered.length === item.parts.length) done.set(ids, [...(done.get(ids) ?? []), item.row]);
        else await onceReachable(() => rows.partlyDelivered(item.row.id, ids));
      }
      // The message is out: its record waits out a database outage, else the row would be sent again.
      for (const [providerMessageIds, sent] of done) {
        await onceReachable(() =>
          rows.sent(
            sent.map((r) => r.id),
            providerMessageIds,
            clock.now(),
          ),
        );
        sentNow(sent);
      }
      continue;
    }

    const failed = unsent();
    const failedIds = failed.map((r) => r.id);
    const error = result.error.slice(0, 1000);
    if (result.retryable) {
      if (result.retryAfterMs !== undefined) {
        ctx.pacer.holdOff(
          destination,
          channel.limits.perDestination,
          result.retryAfterMs,
          channel.limits.total && channel.name,
        );
      }
      const attempts = Math.max(...failed.map((r) => r.attempts)) + 1;
      const at = new Date(clock.now().getTime() + backoffMs(attempts, result.retryAfterMs));
      // A rate limit that says when to come back is waited out however long it lasts: only
      // failures bring a notification nearer to being given up.
      const limited = result.retryAfterMs !== undefined;
      const gaveUp = await rows.retryLater(failedIds, at, error, MAX_ATTEMPTS, !limited);
      glog.warn('notification send failed; will retry', { error, retryAt: at.toISOString(), gaveUp });
      metrics.inc(METRIC_FAILED, { ...labels, result: 'retry' }, failedIds.length - gaveUp);
      outcome.retried += failedIds.length - gaveUp;
      died(gaveUp);
      return outcome;
    }

    await rows.dead(
      failedIds,
      error,
      result.unreachable ? { channel: channel.name, recipient: group.recipient, at: clock.now() } : null,
    );
    glog.error('notification cannot be delivered', {
      error,
      unreachable: result.unreachable,
      notifications: failedIds.length,
    });
    died(failedIds.length);
    return outcome;
  }
  return outcome;
}

/** Each row in the recipient's language, cut to the platform's limits; what needs no sending is set apart. */
function render(ctx: DeliveryContext, channel: NotificationChannel, group: Group) {
  const items: Item[] = [];
  const skipped: ClaimedRow[] = [];
  const said: ClaimedRow[] = [];
  const unrenderable: Array<{ row: ClaimedRow; error: unknown }> = [];
  for (const row of group.rows) {
    try {
      if (!isEventKind(row.kind)) throw new Error(`unknown event kind "${row.kind}"`);
      const text = ctx.renderer.render(channel.name, row.kind, row.payload, row.language);
      const parts = layout(text, channel.limits, channel.format);
      const delivered = row.providerMessageId ? row.providerMessageId.split(',') : [];
      // A template that renders nothing (a reseller's override can blank one) means: say nothing.
      if (parts.length === 0) skipped.push(row);
      // No more parts than already delivered (the template changed between attempts): all said.
      else if (delivered.length >= parts.length) said.push(row);
      else items.push({ row, parts, delivered });
    } catch (error) {
      unrenderable.push({ row, error });
    }
  }
  return { items, skipped, said, unrenderable };
}
