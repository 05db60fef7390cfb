import type { Core } from '../../src/index.ts';
import type { Filters } from './commands/filters.ts';

// What counts as notable for the whole community when nobody chose: short names made of letters
// only, in the zones the reseller sells (a name we cannot backorder is no news to our members).

export const DEFAULT_MAX_LENGTH = 6;

/** The default rule with today's priced zones, or null when no zone has a price yet. */
export async function defaultRule(core: Core): Promise<Filters | null> {
  const zones = [...new Set((await core.pricing.list()).filter((p) => p.amount > 0n).map((p) => p.zone))];
  if (zones.length === 0) return null;
  return { zones, maxLength: DEFAULT_MAX_LENGTH, noDigits: true, noHyphens: true };
}
