import type { Db, Tx } from '../db/client.ts';
import { type BidInput, placeBid } from './bid.ts';
import { closeDue } from './close.ts';
import { notifyEndingSoon } from './ending.ts';
import { type AuctionSettings, type OpenAuctionInput, openAuction } from './open.ts';
import { type AuctionQuery, auctionState, countAuctions, listAuctions, upstreamUrl } from './state.ts';

// The private auctions as the rest of the core uses them, with the configuration bound.

export function auctionsService(db: Db, settings: AuctionSettings) {
  return {
    /** inside the lifecycle engine's transaction, after it set the backorders AUCTION-PENDING */
    openAuction: (tx: Tx, input: OpenAuctionInput) => openAuction(tx, input, settings),
    placeBid: (input: BidInput) => placeBid(db, input),
    auctionState: (auctionId: number, viewerCustomerId?: number) =>
      auctionState(db.prisma, auctionId, viewerCustomerId),
    upstreamUrl: (auctionId: number) => upstreamUrl(db.prisma, auctionId),
    listAuctions: (query?: AuctionQuery) => listAuctions(db.prisma, query),
    countAuctions: (status?: 'OPEN' | 'CLOSED') => countAuctions(db.prisma, status),
    closeDue: (now: Date) => closeDue(db, now, settings.REGISTRAR),
    notifyEndingSoon: (now: Date) => notifyEndingSoon(db, now),
    /**
     * Everything auctions need at `now` (the every-minute job and every lifecycle pass): close those
     * whose end passed, remind bidders of those ending within the hour. Failures are logged and counted.
     */
    async settleDue(now: Date) {
      const { closed, failures } = await closeDue(db, now, settings.REGISTRAR);
      return { closed, endingSoon: await notifyEndingSoon(db, now), failures };
    },
  };
}
