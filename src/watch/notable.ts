import type { pricingService } from '../pricing/service.ts';
import type { SearchItem } from '../search/query.ts';
import type { Search } from '../search/search.ts';

// What counts as notable for the whole community when nobody chose: the best names by quality
// score (src/score) of each zone the reseller sells (a name we cannot backorder is no news to
// anyone), best first.

export interface NotableDeps {
  search: Pick<Search, 'search'>;
  pricing: Pick<ReturnType<typeof pricingService>, 'list'>;
}

/** The `perZone` best names still to drop in each priced zone, best first (ties by name). */
export async function notableNames(deps: NotableDeps, perZone: number): Promise<SearchItem[]> {
  const zones = [...new Set((await deps.pricing.list()).filter((p) => p.amount > 0n).map((p) => p.zone))];
  const found = await Promise.all(
    zones.map((zone) =>
      deps.search.search({ zones: [zone], sort: 'score', order: 'desc', pageSize: perZone }),
    ),
  );
  return found
    .flatMap((r) => r.items)
    .sort((a, b) => b.score - a.score || (a.fqdn < b.fqdn ? -1 : a.fqdn > b.fqdn ? 1 : 0));
}
