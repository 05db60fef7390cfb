import { z } from 'zod';
import { writeLog } from '../audit/audit-log.ts';
import { raiseHold } from '../billing/ledger.ts';
import { MINUTE } from '../clock.ts';
import type { Db } from '../db/client.ts';
import { formatAmount, formatMoney, parseAmount } from '../domain/money.ts';
import { DomainError, InvalidInput } from '../errors.ts';
import { enqueue } from '../notify/outbox.ts';
import { minimumBid } from './proxy.ts';
import { type AuctionView, viewOf } from './state.ts';
import { JOB, loadAuction, lockAuction } from './store.ts';

/** A bid this close to the end moves the end this much later, so a rival always has time to answer. */
export const SNIPE_WINDOW_MS = 5 * MINUTE;

const bidSchema = z.object({
  auctionId: z.number().int().positive(),
  customerId: z.number().int().positive(),
  /** minor units, or a decimal string in the auction's currency as a user typed it ("65.50") */
  maxAmount: z.union([z.bigint().positive(), z.string().trim().min(1)]),
  at: z.date(),
  /** who placed it, for the audit log: `telegram:123`, `cli`… */
  actor: z.string().max(200).optional(),
});
export type BidInput = z.input<typeof bidSchema>;

function parseInput(input: BidInput) {
  const r = bidSchema.safeParse(input);
  if (r.success) return r.data;
  throw new InvalidInput(r.error.issues.map((i) => `${i.path.join('.') || 'bid'} ${i.message}`).join('; '));
}

/**
 * A proxy bid: `maxAmount` is the most the customer will pay; the price only rises as far as
 * needed to beat the others. The bidder's hold is raised to its maximum first, so a winner can
 * always be charged. One transaction with the auction row locked: concurrent bids are serialized.
 */
export async function placeBid(
  db: Db,
  input: BidInput,
): Promise<AuctionView & { bidId: number; extended: boolean }> {
  const { auctionId, customerId, at, actor } = parseInput(input);
  return db.tx(async (tx) => {
    await lockAuction(tx, auctionId);
    const before = await loadAuction(tx, auctionId);
    const { auction } = before;
    const { fqdn, currency, step } = auction;
    const mine = before.participants.find((p) => p.customerId === customerId);
    if (!mine) {
      throw new DomainError(
        'FORBIDDEN',
        `only the backorderers of ${fqdn} may bid in auction #${auctionId}`,
        { auctionId },
      );
    }
    if (auction.status !== 'OPEN' || at >= auction.endsAt || !before.current) {
      throw new DomainError('AUCTION_CLOSED', `auction #${auctionId} for ${fqdn} has ended`, {
        auctionId,
        endedAt: auction.endsAt.toISOString(),
      });
    }
    if (!before.current.ranked.includes(mine)) {
      throw new DomainError('FORBIDDEN', `backorder ${mine.backorderId} is no longer in this auction`, {
        auctionId,
      });
    }
    const maxAmount =
      typeof input.maxAmount === 'string' ? parseAmount(input.maxAmount, currency) : input.maxAmount;
    const minimum = minimumBid(before.current, mine.backorderId, step);
    if (maxAmount < minimum) {
      throw new DomainError(
        'BID_TOO_LOW',
        `the lowest bid you can place is ${formatMoney(minimum, currency)}`,
        {
          minimum: formatAmount(minimum, currency),
          currency,
        },
      );
    }
    await raiseHold(tx, { backorderId: mine.backorderId, amount: maxAmount, at });
    const bid = await tx.bid.create({
      data: { auctionId, backorderId: mine.backorderId, customerId, maxAmount, createdAt: at },
    });
    const extended = auction.endsAt.getTime() - at.getTime() < SNIPE_WINDOW_MS;
    const endsAt = extended ? new Date(auction.endsAt.getTime() + SNIPE_WINDOW_MS) : auction.endsAt;

    const after = await loadAuction(tx, auctionId);
    // the bidder is in the running, so there is an outcome
    const result = after.current!;
    await tx.auction.update({ where: { id: auctionId }, data: { price: result.price, endsAt } });
    const price = formatMoney(result.price, currency);
    const leading = result.leader.backorderId === mine.backorderId;
    await writeLog(tx, at, {
      job: JOB,
      backorderId: mine.backorderId,
      fqdn,
      message: `bid #${bid.id} in auction #${auctionId}: maximum ${formatMoney(maxAmount, currency)}, ${
        leading ? 'leading' : 'outbid'
      } at ${price}${extended ? `; end extended to ${endsAt.toISOString()}` : ''}`,
      actor,
    });

    const previous = before.current.leader;
    if (previous.backorderId !== result.leader.backorderId && previous.backorderId !== mine.backorderId) {
      await writeLog(tx, at, {
        job: JOB,
        backorderId: previous.backorderId,
        fqdn,
        message: `outbid in auction #${auctionId}: price now ${price}`,
      });
      await enqueue(tx, at, {
        kind: 'auction.outbid',
        audience: 'CUSTOMER',
        customerId: previous.customerId,
        payload: {
          backorderId: previous.backorderId,
          fqdn,
          amount: result.price.toString(),
          currency,
          auctionId,
          endsAt: endsAt.toISOString(),
        },
        dedupeKey: `auction.outbid:${bid.id}`,
      });
    }
    const view = viewOf({ ...after, auction: { ...after.auction, endsAt } }, customerId);
    return { ...view, bidId: bid.id, extended };
  });
}
