import { z } from 'zod';
import { FAILURE_REASONS } from '../backorders/failure-reasons.ts';
import { type SavedQuery, savedQuerySchema } from '../watch/saved-query.ts';
import type { EventKind, EventPayloads } from './events.ts';

// The outbox payload is JSON text that another process (or an older version) wrote: it is checked
// against the catalogue before a template sees it. Optional fields become null so that a template
// in strict mode can tell "absent on purpose" from "misspelt".

const minor = z.string().regex(/^-?\d+$/, 'must be minor units as a decimal string');
const currency = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code');
const instant = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO-8601 instant');
const money = { amount: minor, currency };
const moneyObject = z.object(money);
const ref = { backorderId: z.number().int(), fqdn: z.string().min(1) };
const optional = <T extends z.ZodType>(t: T) => t.nullish().transform((v) => v ?? null);
/** Backorder Lite; rows written before it existed are regular backorders */
const lite = z
  .boolean()
  .nullish()
  .transform((v) => v ?? false);

/**
 * A saved query as a list a template can write with separators: one part per filter, each with every
 * field (null or false but the one it is about), since templates run in strict mode and cannot test
 * which field a part has.
 */
function filtersOf(q: SavedQuery) {
  const part = (p: Partial<Record<string, unknown>>) => ({
    keyword: null as string | null,
    zone: null as string | null,
    minLength: null as number | null,
    maxLength: null as number | null,
    noDigits: false,
    noHyphens: false,
    digitsOnly: false,
    excludeIdn: false,
    ...p,
  });
  return [
    ...(q.keyword ? [part({ keyword: q.keyword })] : []),
    ...(q.zones ?? []).map((zone) => part({ zone })),
    ...(q.minLength !== undefined ? [part({ minLength: q.minLength })] : []),
    ...(q.maxLength !== undefined ? [part({ maxLength: q.maxLength })] : []),
    ...(q.noDigits ? [part({ noDigits: true })] : []),
    ...(q.noHyphens ? [part({ noHyphens: true })] : []),
    ...(q.digitsOnly ? [part({ digitsOnly: true })] : []),
    ...(q.excludeIdn ? [part({ excludeIdn: true })] : []),
  ];
}

const schemas = {
  'backorder.placed': z.object({
    ...ref,
    ...money,
    dropAt: instant.nullable(),
    lite,
    finalizesAt: optional(instant),
  }),
  'backorder.activated': z.object({ ...ref, ...money, dropAt: instant, lite }),
  'backorder.processing': z.object({ ...ref, dropAt: instant }),
  'backorder.caught': z.object({ ...ref, ...money, invoiceNumber: z.string() }),
  'backorder.failed': z.object({
    ...ref,
    // A row from a version without the code, or with a code this one lacks: the locales show `reason`.
    reasonCode: z.enum([...FAILURE_REASONS, 'other']).catch('other'),
    reason: z.string(),
    released: moneyObject.nullable(),
  }),
  'backorder.cancelled': z.object({
    ...ref,
    released: moneyObject.nullable(),
    by: z.enum(['customer', 'staff']),
  }),
  'backorder.auction-pending': z.object({
    ...ref,
    auctionId: z.number().int(),
    endsAt: instant,
    url: optional(z.string()),
  }),
  'balance.low': z.object({
    currency,
    available: minor,
    missing: minor,
    items: z.array(z.object({ ...ref, dropAt: instant.nullable(), price: minor, missing: minor })),
  }),
  'droptime.changed': z.object({ ...ref, oldDropAt: instant.nullable(), newDropAt: instant }),
  'droplist.delisted': z.object({ ...ref, oldDropAt: instant.nullable() }),
  'auction.opened': z.object({
    ...ref,
    ...money,
    auctionId: z.number().int(),
    endsAt: instant,
    yourMax: minor,
    leading: z.boolean(),
  }),
  'auction.outbid': z.object({ ...ref, ...money, auctionId: z.number().int(), endsAt: instant }),
  'auction.ending': z.object({
    ...ref,
    ...money,
    auctionId: z.number().int(),
    endsAt: instant,
    leading: z.boolean(),
  }),
  'auction.won': z.object({ ...ref, ...money, auctionId: z.number().int(), invoiceNumber: z.string() }),
  'auction.lost': z.object({ ...ref, ...money, auctionId: z.number().int() }),
  'watch.matches': z
    .object({
      ruleId: z.number().int(),
      name: z.string().nullable(),
      total: z.number().int(),
      items: z.array(z.object({ fqdn: z.string(), dropAt: instant })),
    })
    // templates cannot subtract: "… and N more"
    .transform((p) => ({ ...p, more: Math.max(0, p.total - p.items.length) })),
  'staff.job-failed': z.object({ job: z.string(), error: z.string() }),
  'staff.registrar-error': z.object({
    ...ref,
    code: z.number().int(),
    message: z.string(),
    gaveUp: z.boolean(),
  }),
  'staff.credit-limit': z.object({ ...ref, message: z.string() }),
  'staff.untracked-application': z.object({
    ...ref,
    application: z.string(),
    status: z.string(),
    error: z.string(),
  }),
  'staff.caught': z.object({ ...ref, ...money, customerId: z.number().int(), auction: z.boolean() }),
  'staff.payment-not-credited': z.object({
    ...money,
    provider: z.string(),
    chargeId: z.string(),
    customerId: z.number().int().nullable(),
    receivedAt: instant,
    idempotencyKey: z.string(),
    error: z.string(),
  }),
  'staff.daily-summary': z.object({
    date: z.string(),
    byStatus: z.record(z.string(), z.number()),
    caught: z.number().int(),
    revenue: z.array(moneyObject),
    dropListTotal: z.number().int(),
  }),
  'community.droplist': z.object({
    importId: z.number().int(),
    total: z.number().int(),
    days: z.array(z.object({ date: z.string(), count: z.number().int() })),
    // score: absent from digests written before scores existed
    notable: z.array(
      z.object({ fqdn: z.string(), dropAt: instant, score: z.number().int().min(0).max(100).optional() }),
    ),
  }),
  'community.rules': z.object({
    importId: z.number().int(),
    rules: z.array(
      z
        .object({
          id: z.number().int(),
          name: z.string().nullable(),
          query: savedQuerySchema,
          total: z.number().int(),
          items: z.array(z.object({ fqdn: z.string(), dropAt: instant })),
        })
        .transform((r) => ({
          ...r,
          more: Math.max(0, r.total - r.items.length),
          filters: filtersOf(r.query),
        })),
    ),
  }),
  'community.caught': z.object({ fqdn: z.string(), auction: z.boolean() }),
  'community.auction': z.object({ fqdn: z.string(), endsAt: instant }),
} satisfies Record<EventKind, z.ZodType>;

// Compile-time: whatever the core may enqueue for a kind passes that kind's schema.
type Accepts = { [K in EventKind]: EventPayloads[K] extends z.input<(typeof schemas)[K]> ? true : false };
type Assert<T extends true> = T;
export type PayloadsMatchCatalogue = Assert<Accepts[EventKind] extends true ? true : false>;

export const isEventKind = (kind: string): kind is EventKind => Object.hasOwn(schemas, kind);

/** The template context of one outbox row; throws a ZodError naming the bad field. */
export function parsePayload(kind: EventKind, json: string): Record<string, unknown> {
  return schemas[kind].parse(JSON.parse(json)) as Record<string, unknown>;
}
