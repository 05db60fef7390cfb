import type { Clock } from '../clock.ts';
import type { Db } from '../db/client.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';
import type { NotificationChannel, OutgoingMessage, SendResult } from './channel.ts';
import type { ClaimedRow, Group } from './claim.ts';
import type { ClaimLease } from './claim-lease.ts';
import { OWN_MESSAGE_EVENTS } from './events.ts';
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
  const { db, clock, log, metrics } = ctx;
  const outcome: Outcome = { sent: 0, retried: 0, dead: 0 };
  const mine = (ids: number[]) => ({ id: { in: ids }, claimedBy: group.token });
  const labels = { channel: channel.name };
  const glog = log.child({ channel: channel.name, recipient: group.recipient });

  const items: Item[] = [];
  const skipped: number[] = [];
  const said: number[] = [];
  for (const row of group.rows) {
    try {
      if (!isEventKind(row.kind)) throw new Error(`unknown event kind "${row.kind}"`);
      const text = ctx.renderer.render(channel.name, row.kind, row.payload, row.language);
      const parts = layout(text, channel.limits, channel.format);
      const delivered = row.providerMessageId ? row.providerMessageId.split(',') : [];
      // A template that renders nothing (a reseller's override can blank one) means: say nothing.
      if (parts.length === 0) skipped.push(row.id);
      // No more parts than already delivered (the template changed between attempts): all said.
      else if (delivered.length >= parts.length) said.push(row.id);
      else items.push({ row, parts, delivered });
    } catch (e) {
      glog.error('notification cannot be rendered', { notificationId: row.id, kind: row.kind, error: e });
      await db.prisma.notification.updateMany({
        where: mine([row.id]),
        data: {
          status: 'DEAD',
          lastError: `render: ${(e as Error).message}`.slice(0, 1000),
          claimedBy: null,
          claimedUntil: null,
        },
      });
      metrics.inc(METRIC_FAILED, { ...labels, result: 'dead' });
      outcome.dead++;
    }
  }
  for (const [status, list] of [
    ['SKIPPED', skipped],
    ['SENT', said],
  ] as const) {
    if (list.length === 0) continue;
    await db.prisma.notification.updateMany({
      where: mine(list),
      data: { status, sentAt: clock.now(), claimedBy: null, claimedUntil: null },
    });
  }
  const sentNow = (rows: ClaimedRow[]) => {
    const now = clock.now().getTime();
    for (const row of rows)
      metrics.observe(METRIC_LAG, labels, Math.max(0, now - row.writtenAt.getTime()) / 1000);
  };
  if (said.length > 0) {
    sentNow(group.rows.filter((r) => said.includes(r.id)));
    metrics.inc(METRIC_SENT, labels, said.length);
    outcome.sent += said.length;
  }

  const unsent = () => items.filter((i) => i.delivered.length < i.parts.length);
  const ids = (list: Item[]) => list.map((i) => i.row.id);

  for (const step of plan(items, channel)) {
    let answered: () => void;
    try {
      answered = await ctx.pacer.acquire(
        `${channel.name}:${group.recipient}`,
        channel.limits.perDestination,
        channel.limits.total && { key: channel.name, rate: channel.limits.total },
        ctx.signal,
      );
    } catch {
      // stopping: hand the rest back untouched, another run sends them
      await db.prisma.notification.updateMany({
        where: mine(ids(unsent())),
        data: { claimedBy: null, claimedUntil: null },
      });
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
      const done = new Map<string, number[]>();
      for (const item of step.items) {
        item.delivered.push(result.providerMessageId);
        const value = item.delivered.join(',');
        if (item.delivered.length === item.parts.length)
          done.set(value, [...(done.get(value) ?? []), item.row.id]);
        else
          await db.prisma.notification.updateMany({
            where: mine([item.row.id]),
            data: { providerMessageId: value },
          });
      }
      for (const [providerMessageId, doneIds] of done) {
        await db.prisma.notification.updateMany({
          where: mine(doneIds),
          data: {
            status: 'SENT',
            sentAt: clock.now(),
            providerMessageId,
            lastError: null,
            claimedBy: null,
            claimedUntil: null,
          },
        });
        sentNow(step.items.filter((i) => doneIds.includes(i.row.id)).map((i) => i.row));
        metrics.inc(METRIC_SENT, labels, doneIds.length);
        outcome.sent += doneIds.length;
      }
      continue;
    }

    const failed = unsent();
    const failedIds = ids(failed);
    const error = result.error.slice(0, 1000);
    if (result.retryable) {
      if (result.retryAfterMs !== undefined) {
        ctx.pacer.holdOff(
          `${channel.name}:${group.recipient}`,
          channel.limits.perDestination,
          result.retryAfterMs,
          channel.limits.total && channel.name,
        );
      }
      const attempts = Math.max(...failed.map((i) => i.row.attempts)) + 1;
      const at = new Date(clock.now().getTime() + backoffMs(attempts, result.retryAfterMs));
      await db.prisma.notification.updateMany({
        where: mine(failedIds),
        data: {
          attempts: { increment: 1 },
          nextAttemptAt: at,
          lastError: error,
          claimedBy: null,
          claimedUntil: null,
        },
      });
      const gaveUp = await db.prisma.notification.updateMany({
        where: { id: { in: failedIds }, status: 'PENDING', attempts: { gte: MAX_ATTEMPTS } },
        data: { status: 'DEAD' },
      });
      glog.warn('notification send failed; will retry', {
        error,
        retryAt: at.toISOString(),
        gaveUp: gaveUp.count,
      });
      metrics.inc(METRIC_FAILED, { ...labels, result: 'retry' }, failedIds.length - gaveUp.count);
      metrics.inc(METRIC_FAILED, { ...labels, result: 'dead' }, gaveUp.count);
      outcome.retried += failedIds.length - gaveUp.count;
      outcome.dead += gaveUp.count;
      return outcome;
    }

    const deadAt = clock.now();
    await db.tx(async (tx) => {
      await tx.notification.updateMany({
        where: mine(failedIds),
        data: {
          status: 'DEAD',
          attempts: { increment: 1 },
          lastError: error,
          claimedBy: null,
          claimedUntil: null,
        },
      });
      if (!result.unreachable) return;
      // Everything else waiting for this recipient would fail the same way.
      await tx.notification.updateMany({
        where: { channel: channel.name, recipient: group.recipient, status: 'PENDING' },
        data: { status: 'DEAD', lastError: `recipient unreachable: ${error}`.slice(0, 1000) },
      });
      await tx.identity.updateMany({
        where: {
          platform: channel.name,
          unreachableAt: null,
          OR: [{ address: group.recipient }, { address: null, externalId: group.recipient }],
        },
        data: { unreachableAt: deadAt },
      });
    });
    glog.error('notification cannot be delivered', {
      error,
      unreachable: result.unreachable,
      notifications: failedIds.length,
    });
    metrics.inc(METRIC_FAILED, { ...labels, result: 'dead' }, failedIds.length);
    outcome.dead += failedIds.length;
    return outcome;
  }
  return outcome;
}
