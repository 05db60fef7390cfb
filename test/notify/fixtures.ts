import { notificationRoutes } from '../../bots/index.ts';
import type { Clock } from '../../src/clock.ts';
import { loadConfig } from '../../src/config.ts';
import type { Db } from '../../src/db/client.ts';
import { silentLogger } from '../../src/log.ts';
import type { NotificationChannel } from '../../src/notify/channel.ts';
import { type DispatcherDeps, dispatchOnce } from '../../src/notify/dispatcher.ts';
import type { EventKind, EventPayloads } from '../../src/notify/events.ts';
import { enqueue } from '../../src/notify/outbox.ts';
import { notifyService } from '../../src/notify/service.ts';
import { createMetrics } from '../../src/prometheus.ts';
import { SAMPLES } from './samples.ts';

// Customers, identities and events straight in the database, and a dispatcher around them.

export const notify = notifyService({ TEMPLATES_DIR: undefined, DEFAULT_LANGUAGE: 'en' });

export function coreFor(db: Db, env: Record<string, string> = {}) {
  return {
    db,
    config: loadConfig({
      DATABASE_URL: db.url,
      INSTANCE_ID: 'test',
      SLACK_ALERT_CHANNEL: 'C-ALERTS',
      DISCORD_WEBHOOK_URL: 'https://discord.com/api/webhooks/1/token',
      ...env,
    }),
    metrics: createMetrics(),
    notify,
  };
}

let seq = 0;

export async function customer(
  db: Db,
  opts: {
    language?: string;
    muted?: string;
    identities?: Array<{ platform: string; externalId?: string; address?: string }>;
  } = {},
) {
  const n = ++seq;
  return db.prisma.customer.create({
    data: {
      name: `Customer ${n}`,
      currency: 'USD',
      language: opts.language ?? 'en',
      muted: opts.muted ?? '',
      identities: {
        create: (opts.identities ?? [{ platform: 'telegram' }]).map((i) => ({
          platform: i.platform,
          externalId: i.externalId ?? `${i.platform}-${n}`,
          address: i.address ?? null,
        })),
      },
    },
    include: { identities: true },
  });
}

/** an event for a customer, its payload the sample with a distinct backorder id when it has one */
export async function event<K extends EventKind>(
  db: Db,
  at: Date,
  kind: K,
  opts: {
    customerId?: number;
    audience?: 'CUSTOMER' | 'STAFF' | 'COMMUNITY';
    payload?: Partial<EventPayloads[K]>;
    key?: string;
  } = {},
): Promise<string> {
  const key = opts.key ?? `${kind}:${++seq}`;
  await enqueue(db.prisma, at, {
    kind,
    audience: opts.audience ?? 'CUSTOMER',
    customerId: opts.customerId ?? null,
    payload: { ...SAMPLES[kind], ...opts.payload } as EventPayloads[K],
    dedupeKey: key,
  });
  return key;
}

export function once(
  db: Db,
  channels: NotificationChannel[],
  clock: Clock,
  extra: Partial<DispatcherDeps> & { env?: Record<string, string> } = {},
) {
  const core = coreFor(db, extra.env);
  const routes = notificationRoutes(core.config);
  return dispatchOnce({ core, channels, log: silentLogger, clock, routes, ...extra });
}
