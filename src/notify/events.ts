// The catalogue of notification events: what the core writes to the outbox and what the templates
// (templates/<channel>/<kind>.hbs) render. Amounts are minor units as decimal strings (bigint is not
// JSON), always with their currency; times are ISO-8601 UTC strings.

import type { FailureReason } from '../backorders/failure-reasons.ts';
import type { SavedQuery } from '../watch/saved-query.ts';

type Money = { amount: string; currency: string };
type Ref = { backorderId: number; fqdn: string };

export interface EventPayloads {
  // customer: every status change of a backorder
  // lite and finalizesAt: absent in rows written before Backorder Lite and the deadline existed
  'backorder.placed': Ref & Money & { dropAt: string | null; lite?: boolean; finalizesAt?: string | null };
  'backorder.activated': Ref & Money & { dropAt: string; lite?: boolean };
  'backorder.processing': Ref & { dropAt: string };
  'backorder.caught': Ref & Money & { invoiceNumber: string };
  // reason: the audit log's English sentence, which dispatchers older than reasonCode render
  'backorder.failed': Ref & { reasonCode: FailureReason; reason: string; released: Money | null };
  'backorder.cancelled': Ref & { released: Money | null; by: 'customer' | 'staff' };
  'backorder.auction-pending': Ref & { auctionId: number; endsAt: string; url?: string };
  // customer: other events about their backorders and money
  'balance.low': {
    currency: string;
    available: string;
    missing: string;
    items: Array<Ref & { dropAt: string | null; price: string; missing: string }>;
  };
  'droptime.changed': Ref & { oldDropAt: string | null; newDropAt: string };
  'droplist.delisted': Ref & { oldDropAt: string | null };
  'auction.opened': Ref & Money & { auctionId: number; endsAt: string; yourMax: string; leading: boolean };
  'auction.outbid': Ref & Money & { auctionId: number; endsAt: string };
  'auction.ending': Ref & Money & { auctionId: number; endsAt: string; leading: boolean };
  'auction.won': Ref & Money & { auctionId: number; invoiceNumber: string };
  'auction.lost': Ref & Money & { auctionId: number };
  'watch.matches': {
    ruleId: number;
    name: string | null;
    total: number;
    items: Array<{ fqdn: string; dropAt: string }>;
  };
  // staff (the staff alert channel)
  'staff.job-failed': { job: string; error: string };
  'staff.registrar-error': Ref & { code: number; message: string; gaveUp: boolean };
  'staff.credit-limit': Ref & { message: string };
  // an application at the registrar that no backorder holds, which the registrar would not delete
  'staff.untracked-application': Ref & { application: string; status: string; error: string };
  'staff.caught': Ref & Money & { customerId: number; auction: boolean };
  // a provider took the money and the ledger could not be credited (src/billing/payments.ts)
  'staff.payment-not-credited': Money & {
    provider: string;
    chargeId: string;
    customerId: number | null;
    receivedAt: string;
    idempotencyKey: string;
    error: string;
  };
  'staff.daily-summary': {
    date: string;
    byStatus: Record<string, number>;
    caught: number;
    revenue: Money[];
    dropListTotal: number;
  };
  // community (public channels: a webhook, channels with alert rules); customer names never appear here
  'community.droplist': {
    importId: number;
    total: number;
    days: Array<{ date: string; count: number }>;
    /** each priced zone's best names by quality score, best first */
    notable: Array<{ fqdn: string; dropAt: string; score?: number }>;
  };
  /** one alert channel's rules after an import, addressed to that channel: every current match of each */
  'community.rules': {
    importId: number;
    rules: Array<{
      id: number;
      name: string | null;
      query: SavedQuery;
      total: number;
      items: Array<{ fqdn: string; dropAt: string }>;
    }>;
  };
  'community.caught': { fqdn: string; auction: boolean };
  'community.auction': { fqdn: string; endsAt: string };
}

export type EventKind = keyof EventPayloads;

export const CUSTOMER_EVENTS = [
  'backorder.placed',
  'backorder.activated',
  'backorder.processing',
  'backorder.caught',
  'backorder.failed',
  'backorder.cancelled',
  'backorder.auction-pending',
  'balance.low',
  'droptime.changed',
  'droplist.delisted',
  'auction.opened',
  'auction.outbid',
  'auction.ending',
  'auction.won',
  'auction.lost',
  'watch.matches',
] as const satisfies readonly EventKind[];

export const STAFF_EVENTS = [
  'staff.job-failed',
  'staff.registrar-error',
  'staff.credit-limit',
  'staff.untracked-application',
  'staff.caught',
  'staff.payment-not-credited',
  'staff.daily-summary',
] as const satisfies readonly EventKind[];

export const COMMUNITY_EVENTS = [
  'community.droplist',
  'community.rules',
  'community.caught',
  'community.auction',
] as const satisfies readonly EventKind[];

/**
 * Kinds that go out as messages of their own, never joined with other notifications to the same
 * recipient: a channel's digest of its rules is found by its heading, as it always was.
 */
export const OWN_MESSAGE_EVENTS: readonly EventKind[] = ['community.rules'];

/** Results and money events reach the customer whatever they muted. */
export const UNMUTABLE_EVENTS: readonly EventKind[] = [
  'backorder.activated',
  'backorder.caught',
  'backorder.failed',
  'backorder.cancelled',
  'balance.low',
  'auction.won',
  'auction.lost',
];
