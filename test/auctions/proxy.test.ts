import { describe, expect, it } from 'vitest';
import { type BidRow, minimumBid, outcome, standings } from '../../src/auctions/proxy.ts';

const STEP = 500n;
let nextId = 1;
const bid = (backorderId: number, maxAmount: bigint): BidRow => ({
  id: nextId++,
  backorderId,
  customerId: backorderId * 10,
  maxAmount,
});

describe('proxy bidding', () => {
  it('equal openings: the earliest leads at its backorder price', () => {
    const o = outcome(standings([bid(1, 5000n), bid(2, 5000n), bid(3, 5000n)]), STEP)!;
    expect(o.leader.backorderId).toBe(1);
    expect(o.price).toBe(5000n);
  });

  it('a higher maximum leads at the runner-up maximum plus a step', () => {
    const o = outcome(standings([bid(1, 5000n), bid(2, 5000n), bid(2, 8000n)]), STEP)!;
    expect(o.leader.backorderId).toBe(2);
    expect(o.price).toBe(5500n);
    expect(o.leader.opening).toBe(5000n);
  });

  it('the price is capped at the leader maximum', () => {
    const o = outcome(standings([bid(1, 5000n), bid(2, 5000n), bid(2, 7000n), bid(1, 6800n)]), STEP)!;
    expect(o.leader.backorderId).toBe(2);
    expect(o.price).toBe(7000n);
  });

  it('equal maxima: the earlier bid wins', () => {
    const o = outcome(standings([bid(1, 5000n), bid(2, 5000n), bid(2, 9000n), bid(1, 9000n)]), STEP)!;
    expect(o.leader.backorderId).toBe(2);
    expect(o.price).toBe(9000n);
  });

  it('a winner never pays less than its own backorder price', () => {
    // backorder 2 was placed after a price rise: its opening is higher than the runner-up + step
    const o = outcome(standings([bid(1, 5000n), bid(2, 6000n)]), STEP)!;
    expect(o.leader.backorderId).toBe(2);
    expect(o.price).toBe(6000n);
  });

  it('alone, a participant pays its backorder price; nobody, no outcome', () => {
    expect(outcome(standings([bid(1, 5000n)]), STEP)!.price).toBe(5000n);
    expect(outcome([], STEP)).toBeNull();
  });

  it('minimum bid: price + step for a challenger, own maximum + step for the leader', () => {
    const o = outcome(standings([bid(1, 5000n), bid(2, 5000n), bid(2, 8000n)]), STEP)!;
    expect(minimumBid(o, 1, STEP)).toBe(6000n);
    expect(minimumBid(o, 2, STEP)).toBe(8500n);
  });
});
