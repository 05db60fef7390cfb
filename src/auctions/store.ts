import type { Prisma, Tx } from '../db/client.ts';
import { NotFound } from '../errors.ts';
import { type Outcome, outcome, type Standing, standings } from './proxy.ts';

// Reading an auction back from its rows: the Bid table is the whole truth (openings included), so a
// bid, the close job and a status query all compute the same leader and price.

type TxOrDb = Tx | Prisma;

export const JOB = 'auction';

export interface LoadedAuction {
  auction: NonNullable<Awaited<ReturnType<Prisma['auction']['findUnique']>>>;
  /** every participant (a backorder with an opening bid), including any no longer in the running */
  participants: Standing[];
  /** leader and price among the participants still AUCTION-PENDING; null when none is */
  current: Outcome | null;
  /** bids placed by people (the openings are not counted) */
  bidCount: number;
}

export async function loadAuction(db: TxOrDb, auctionId: number): Promise<LoadedAuction> {
  const auction = await db.auction.findUnique({ where: { id: auctionId } });
  if (!auction) throw new NotFound('auction', auctionId);
  const bids = await db.bid.findMany({ where: { auctionId }, orderBy: { id: 'asc' } });
  const pending = await db.backorder.findMany({
    where: { auctionId, status: 'AUCTION-PENDING' },
    select: { id: true },
  });
  const inRunning = new Set(pending.map((b) => b.id));
  const participants = standings(bids);
  return {
    auction,
    participants,
    current: outcome(
      participants.filter((p) => inRunning.has(p.backorderId)),
      auction.step,
    ),
    bidCount: bids.length - participants.length,
  };
}

/**
 * Serializes bids and the close of one auction. A no-op UPDATE takes the row lock on PostgreSQL
 * until commit (like SELECT … FOR UPDATE, but portable); SQLite transactions already hold the write
 * lock from BEGIN IMMEDIATE.
 */
export async function lockAuction(tx: Tx, auctionId: number): Promise<void> {
  const n = await tx.$executeRaw`UPDATE "Auction" SET "status" = "status" WHERE "id" = ${auctionId}`;
  if (n === 0) throw new NotFound('auction', auctionId);
}
