import { writeLog } from '../audit/audit-log.ts';
import { captureHold, releaseHold } from '../billing/ledger.ts';
import type { Db, Tx } from '../db/client.ts';
import { formatAmount, formatMoney } from '../domain/money.ts';
import { enqueue } from '../notify/outbox.ts';
import { JOB, loadAuction } from './store.ts';

// Closing an auction: the leader among the participants still in the running wins at the current
// price (its hold, raised to its maximum by its bids, always covers that price), the others are
// released. One transaction per auction; claiming the row OPEN → CLOSED first makes a second run,
// or a second instance, a no-op.

export interface ClosedAuction {
  auctionId: number;
  fqdn: string;
  winnerBackorderId: number | null;
  price: bigint | null;
  invoiceNumber: string | null;
}

export async function closeAuction(
  tx: Tx,
  auctionId: number,
  now: Date,
  registrar: string,
): Promise<ClosedAuction | null> {
  const claimed = await tx.auction.updateMany({
    where: { id: auctionId, status: 'OPEN', endsAt: { lte: now } },
    data: { status: 'CLOSED', closedAt: now },
  });
  if (claimed.count === 0) return null;
  const { auction, current } = await loadAuction(tx, auctionId);
  const { fqdn, currency } = auction;
  if (!current) {
    // Every participant left the running (e.g. failed elsewhere): nothing to sell or charge.
    await writeLog(tx, now, {
      job: JOB,
      fqdn,
      message: `auction #${auctionId} closed with no participant left`,
    });
    return { auctionId, fqdn, winnerBackorderId: null, price: null, invoiceNumber: null };
  }
  const { leader, ranked, price } = current;
  const shown = formatMoney(price, currency);

  const { invoice } = await captureHold(tx, {
    backorderId: leader.backorderId,
    amount: price,
    description: `FULL BACKORDER: ${fqdn} (auction)`,
    at: now,
  });
  await tx.ownedDomain.create({
    data: { customerId: leader.customerId, fqdn, backorderId: leader.backorderId, registrar, createdAt: now },
  });
  await tx.backorder.update({
    where: { id: leader.backorderId },
    data: { status: 'AUCTION-WON', openKey: null, finishedAt: now, invoiceId: invoice.id, updatedAt: now },
  });
  await tx.auction.update({
    where: { id: auctionId },
    data: { winnerBackorderId: leader.backorderId, price },
  });
  const premium = price - leader.opening;
  await writeLog(tx, now, {
    job: JOB,
    backorderId: leader.backorderId,
    fqdn,
    message: `won auction #${auctionId} at ${shown} (backorder price ${formatAmount(leader.opening, currency)} + premium ${formatAmount(premium, currency)}); invoice ${invoice.number}`,
  });
  const money = { amount: price.toString(), currency };
  await enqueue(tx, now, {
    kind: 'auction.won',
    audience: 'CUSTOMER',
    customerId: leader.customerId,
    payload: { backorderId: leader.backorderId, fqdn, ...money, auctionId, invoiceNumber: invoice.number },
    dedupeKey: `auction.won:${auctionId}`,
  });
  await enqueue(tx, now, {
    kind: 'staff.caught',
    audience: 'STAFF',
    payload: {
      backorderId: leader.backorderId,
      fqdn,
      ...money,
      customerId: leader.customerId,
      auction: true,
    },
    dedupeKey: `staff.caught:${leader.backorderId}`,
  });

  for (const loser of ranked.slice(1)) {
    const released = await releaseHold(tx, { backorderId: loser.backorderId, at: now });
    await tx.backorder.update({
      where: { id: loser.backorderId },
      data: { status: 'AUCTION-LOST', openKey: null, finishedAt: now, updatedAt: now },
    });
    const freed = released === null ? '' : `; hold of ${formatMoney(released, currency)} released`;
    await writeLog(tx, now, {
      job: JOB,
      backorderId: loser.backorderId,
      fqdn,
      message: `lost auction #${auctionId} (final price ${shown})${freed}`,
    });
    await enqueue(tx, now, {
      kind: 'auction.lost',
      audience: 'CUSTOMER',
      customerId: loser.customerId,
      payload: { backorderId: loser.backorderId, fqdn, ...money, auctionId },
      dedupeKey: `auction.lost:${auctionId}:${loser.backorderId}`,
    });
  }
  return { auctionId, fqdn, winnerBackorderId: leader.backorderId, price, invoiceNumber: invoice.number };
}

/**
 * Closes each OPEN auction whose end has passed, each in its own transaction, so one failing auction
 * (logged, and returned among the failures) does not hold back the others.
 */
export async function closeDue(
  db: Db,
  now: Date,
  registrar: string,
): Promise<{ closed: ClosedAuction[]; failures: string[] }> {
  const due = await db.prisma.auction.findMany({
    where: { status: 'OPEN', endsAt: { lte: now } },
    select: { id: true, fqdn: true },
    orderBy: { endsAt: 'asc' },
  });
  const closed: ClosedAuction[] = [];
  const failures: string[] = [];
  for (const a of due) {
    try {
      const r = await db.tx((tx) => closeAuction(tx, a.id, now, registrar));
      if (r) closed.push(r);
    } catch (e) {
      const message = `closing auction #${a.id} failed: ${(e as Error)?.message ?? String(e)}`;
      failures.push(message);
      await writeLog(db.prisma, now, { job: JOB, fqdn: a.fqdn, level: 'error', message });
    }
  }
  return { closed, failures };
}
