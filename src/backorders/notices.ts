import { formatMoney } from '../domain/money.ts';
import type { Status } from '../domain/status.ts';
import type { EventKind, EventPayloads } from '../notify/events.ts';
import type { OutboxEvent } from '../notify/outbox.ts';

// Outbox events about one backorder, in the catalogue's shapes (src/notify/events.ts). A customer
// hears of each status change once: the dedupe key is the backorder and the status it reached.

export interface BackorderRef {
  id: number;
  customerId: number;
  fqdn: string;
}

export const ref = (b: BackorderRef) => ({ backorderId: b.id, fqdn: b.fqdn });
export const money = (amount: bigint, currency: string) => ({ amount: amount.toString(), currency });
export const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
/** "12.50 USD", for log lines */
export const shown = formatMoney;

export function statusEvent<K extends EventKind>(
  kind: K,
  b: BackorderRef,
  status: Status,
  payload: EventPayloads[K],
): OutboxEvent<K> {
  return { kind, audience: 'CUSTOMER', customerId: b.customerId, payload, dedupeKey: `bo:${b.id}:${status}` };
}

export function staffEvent<K extends EventKind>(
  kind: K,
  dedupeKey: string,
  payload: EventPayloads[K],
): OutboxEvent<K> {
  return { kind, audience: 'STAFF', payload, dedupeKey };
}
