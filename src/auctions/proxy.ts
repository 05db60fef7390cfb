// Proxy (maximum) bidding as eBay runs it, as a pure function of the bids. Every participant's first
// Bid row is its opening bid (the held backorder price, written when the auction opens, earliest
// backorder first), so "ties go to the earlier bid" also covers openings: between equal maxima the
// one reached first (lower bid id) leads.

export interface BidRow {
  id: number;
  backorderId: number;
  customerId: number;
  maxAmount: bigint;
}

export interface Standing {
  backorderId: number;
  customerId: number;
  /** the opening bid: the backorder price; a winner never pays less than its own backorder price */
  opening: bigint;
  /** the highest maximum this participant has set */
  max: bigint;
  /** the bid that set `max`; lower = earlier, wins ties */
  maxBidId: number;
}

export interface Outcome {
  /** best first */
  ranked: Standing[];
  leader: Standing;
  /** what the leader would pay now */
  price: bigint;
}

/** Math.min does not take bigints. */
const lesser = (a: bigint, b: bigint) => (a < b ? a : b);

export function standings(bids: readonly BidRow[]): Standing[] {
  const byBackorder = new Map<number, Standing>();
  for (const b of [...bids].sort((x, y) => x.id - y.id)) {
    const s = byBackorder.get(b.backorderId);
    if (!s) {
      byBackorder.set(b.backorderId, {
        backorderId: b.backorderId,
        customerId: b.customerId,
        opening: b.maxAmount,
        max: b.maxAmount,
        maxBidId: b.id,
      });
    } else if (b.maxAmount > s.max) {
      s.max = b.maxAmount;
      s.maxBidId = b.id;
    }
  }
  return [...byBackorder.values()];
}

/**
 * Leader = highest maximum (ties: the earlier bid). Price = the runner-up's maximum + one step,
 * capped at the leader's maximum, and never below the leader's own backorder price (the auction
 * premium is never negative). Alone, a participant pays its backorder price. Null without bids.
 */
export function outcome(participants: readonly Standing[], step: bigint): Outcome | null {
  const ranked = [...participants].sort((a, b) =>
    a.max === b.max ? a.maxBidId - b.maxBidId : a.max > b.max ? -1 : 1,
  );
  const [leader, second] = ranked;
  if (!leader) return null;
  const contested = second ? lesser(second.max + step, leader.max) : leader.opening;
  // biome-ignore lint/complexity/useMathMinMax: Math.max does not take bigints
  return { ranked, leader, price: contested > leader.opening ? contested : leader.opening };
}

/**
 * The least a new maximum must be: for a challenger the current price plus a step, for the leader
 * (raising its own maximum, which does not move the price) its maximum plus a step.
 */
export function minimumBid(o: Outcome, backorderId: number, step: bigint): bigint {
  return o.leader.backorderId === backorderId ? o.leader.max + step : o.price + step;
}
