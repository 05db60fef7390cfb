import type { Core } from '../../src/index.ts';
import type { Text } from './text.ts';

export interface Offer {
  amount: bigint;
  /** the Backorder Lite price, null where the zone offers no Lite */
  lite: bigint | null;
}

/** What each zone costs in one currency; zones without a price (or priced 0) are not offered. */
export async function offeredZones(core: Core, currency: string): Promise<Map<string, Offer>> {
  const rows = await core.pricing.list();
  return new Map(
    rows
      .filter((p) => p.currency === currency && p.amount > 0n)
      .map((p) => [p.zone, { amount: p.amount, lite: p.lite > 0n ? p.lite : null }]),
  );
}

/** "$10.00", or "$10.00 · Lite $6.00" where Lite is offered */
export const offerText = (text: Text, offer: Offer, currency: string) =>
  offer.lite === null
    ? text.money(offer.amount, currency)
    : text.label('tg-price-with-lite', {
        price: text.money(offer.amount, currency),
        lite: text.money(offer.lite, currency),
      });
