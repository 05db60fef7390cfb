import { z } from 'zod';
import type { Prisma } from '../db/client.ts';
import { InvalidInput } from '../errors.ts';
import { minimumBid } from './proxy.ts';
import { type LoadedAuction, loadAuction } from './store.ts';

// What anyone may see of an auction. Other participants stay anonymous: no customer, no backorder
// id, no maximum but the viewer's own (a maximum leaked is a maximum an opponent bids up to).

export interface AuctionView {
  id: number;
  fqdn: string;
  status: string;
  startsAt: Date;
  endsAt: Date;
  currency: string;
  /** the price the leader pays now; the final price once CLOSED (null if nobody was left to win) */
  currentPrice: bigint | null;
  step: bigint;
  /** the least the viewer (or a challenger, without viewer) may bid now; null once closed */
  nextMinimumBid: bigint | null;
  bidCount: number;
  participants: number;
  /** the viewer leads (or, once closed, won) */
  leading: boolean;
  /** the viewer's own maximum; null when the viewer does not take part */
  yourMax: bigint | null;
  yourBackorderId: number | null;
}

export function viewOf(loaded: LoadedAuction, viewerCustomerId?: number): AuctionView {
  const { auction, current, participants } = loaded;
  const mine =
    viewerCustomerId === undefined ? undefined : participants.find((p) => p.customerId === viewerCustomerId);
  const open = auction.status === 'OPEN' && current !== null;
  const leading = open
    ? current.leader === mine
    : mine !== undefined && auction.winnerBackorderId === mine.backorderId;
  let nextMinimumBid: bigint | null = null;
  if (open)
    nextMinimumBid =
      mine && current.ranked.includes(mine)
        ? minimumBid(current, mine.backorderId, auction.step)
        : current.price + auction.step;
  return {
    id: auction.id,
    fqdn: auction.fqdn,
    status: auction.status,
    startsAt: auction.startsAt,
    endsAt: auction.endsAt,
    currency: auction.currency,
    currentPrice: open ? current.price : auction.price,
    step: auction.step,
    nextMinimumBid,
    bidCount: loaded.bidCount,
    participants: participants.length,
    leading,
    yourMax: mine?.max ?? null,
    yourBackorderId: mine?.backorderId ?? null,
  };
}

export async function auctionState(
  db: Prisma,
  auctionId: number,
  viewerCustomerId?: number,
): Promise<AuctionView> {
  return viewOf(await loadAuction(db, auctionId), viewerCustomerId);
}

/** The registrar's own page of an auction it runs (HEXONET), where bidders join it; null for ours. */
export async function upstreamUrl(db: Prisma, auctionId: number): Promise<string | null> {
  const found = await db.auction.findUnique({ where: { id: auctionId }, select: { upstreamUrl: true } });
  return found?.upstreamUrl ?? null;
}

const listSchema = z.object({
  status: z.enum(['OPEN', 'CLOSED']).optional(),
  limit: z.number().int().min(1).max(500).default(50),
  offset: z.number().int().min(0).default(0),
});
export type AuctionQuery = z.input<typeof listSchema>;

export interface AuctionSummary {
  id: number;
  fqdn: string;
  status: string;
  currency: string;
  endsAt: Date;
  /** current price while open, final price once closed */
  price: bigint | null;
  bidCount: number;
  participants: number;
}

/** How many auctions `listAuctions` pages through for the same status. */
export const countAuctions = (db: Prisma, status?: 'OPEN' | 'CLOSED') =>
  db.auction.count({ where: status ? { status } : {} });

/** Newest first; no participant's identity, only counts. */
export async function listAuctions(db: Prisma, query: AuctionQuery = {}): Promise<AuctionSummary[]> {
  const q = listSchema.safeParse(query);
  if (!q.success)
    throw new InvalidInput(q.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; '));
  const { status, limit, offset } = q.data;
  const rows = await db.auction.findMany({
    where: status ? { status } : {},
    orderBy: { id: 'desc' },
    take: limit,
    skip: offset,
  });
  const groups = await db.bid.groupBy({
    by: ['auctionId', 'backorderId'],
    where: { auctionId: { in: rows.map((r) => r.id) } },
    _count: { _all: true },
  });
  return rows.map((a) => {
    const mine = groups.filter((g) => g.auctionId === a.id);
    const bids = mine.reduce((n, g) => n + g._count._all, 0);
    return {
      id: a.id,
      fqdn: a.fqdn,
      status: a.status,
      currency: a.currency,
      endsAt: a.endsAt,
      price: a.price,
      // each participant's first Bid row is its opening, not a bid someone placed
      bidCount: bids - mine.length,
      participants: mine.length,
    };
  });
}
