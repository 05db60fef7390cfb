import type { Core } from '../../src/index.ts';

/** What each zone costs in one currency; zones without a price (or priced 0) are not offered. */
export async function offeredZones(core: Core, currency: string): Promise<Map<string, bigint>> {
  const rows = await core.pricing.list();
  return new Map(rows.filter((p) => p.currency === currency && p.amount > 0n).map((p) => [p.zone, p.amount]));
}
