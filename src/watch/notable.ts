import type { pricingService } from '../pricing/service.ts';
import type { SavedQuery } from './saved-query.ts';

// What counts as notable for the whole community when nobody chose: short names made of letters
// only, in the zones the reseller sells (a name we cannot backorder is no news to anyone).

export const NOTABLE_MAX_LENGTH = 6;

/** The notable names' query with today's priced zones, or null when no zone has a price yet. */
export async function notableQuery(
  pricing: Pick<ReturnType<typeof pricingService>, 'list'>,
): Promise<SavedQuery | null> {
  const zones = [...new Set((await pricing.list()).filter((p) => p.amount > 0n).map((p) => p.zone))];
  if (zones.length === 0) return null;
  return { zones, maxLength: NOTABLE_MAX_LENGTH, noDigits: true, noHyphens: true };
}
