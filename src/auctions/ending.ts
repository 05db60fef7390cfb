import { HOUR } from '../clock.ts';
import type { Db } from '../db/client.ts';
import { enqueue } from '../notify/outbox.ts';
import { loadAuction } from './store.ts';

/** How long before the end participants are reminded (the original never told them at all). */
export const ENDING_NOTICE_MS = HOUR;

/**
 * Reminds every participant still in the running once, when less than an hour is left, saying
 * whether they lead. The dedupe key makes it once per participant even though anti-sniping
 * extensions keep the auction inside the last hour for many job runs.
 */
export async function notifyEndingSoon(db: Db, now: Date): Promise<number> {
  const soon = await db.prisma.auction.findMany({
    where: { status: 'OPEN', endsAt: { gt: now, lt: new Date(now.getTime() + ENDING_NOTICE_MS) } },
    select: { id: true },
  });
  let written = 0;
  for (const { id } of soon) {
    written += await db.tx(async (tx) => {
      const { auction, current } = await loadAuction(tx, id);
      if (!current) return 0;
      let n = 0;
      for (const s of current.ranked) {
        const fresh = await enqueue(tx, now, {
          kind: 'auction.ending',
          audience: 'CUSTOMER',
          customerId: s.customerId,
          payload: {
            backorderId: s.backorderId,
            fqdn: auction.fqdn,
            amount: current.price.toString(),
            currency: auction.currency,
            auctionId: id,
            endsAt: auction.endsAt.toISOString(),
            leading: s === current.leader,
          },
          dedupeKey: `auction.ending:${id}:${s.backorderId}`,
        });
        if (fresh) n++;
      }
      return n;
    });
  }
  return written;
}
