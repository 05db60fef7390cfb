import { releaseHold } from '../../billing/ledger.ts';
import type { ApplicationState } from '../../registrar/port.ts';
import { money, ref, shown, staffEvent, statusEvent } from '../notices.ts';
import { enqueueAll, writeLogs } from '../records.ts';
import { move } from '../transition.ts';
import { chargeAndOwn, domainDates } from './charge.ts';
import { JOB, type Pass } from './pass.ts';

// With REGISTRAR=ispapi, HEXONET may put a caught name into its own auction among its applicants.
// We follow it instead of running ours: an Auction row with status UPSTREAM carries the link, end and
// best bid as reported, the customer is shown them, and the registrar's final word settles the
// backorder (won: the backorder price is charged from the hold, which the original never invoiced;
// lost: released). The bidding itself happens at the auction house.

export const UPSTREAM = 'UPSTREAM';

interface Polled {
  id: number;
  customerId: number;
  fqdn: string;
  currency: string;
  status: string;
  auctionId: number | null;
}

/** Settles the backorder when the registrar's auction is over; 'running' while it goes on. */
export async function followUpstreamAuction(
  pass: Pass,
  b: Polled,
  state: ApplicationState,
): Promise<'settled' | 'running'> {
  if (b.status === 'PROCESSING') {
    await startFollowing(pass, b, state);
    return 'settled';
  }
  if (b.auctionId === null) return 'running';
  const auctionId = b.auctionId;
  if (state.status === 'AUCTION-WON' || state.status === 'SUCCESSFUL') {
    await won(pass, b, auctionId, state);
    return 'settled';
  }
  if (state.status === 'AUCTION-LOST' || state.status === 'FAILED') {
    await lost(pass, b, auctionId, state);
    return 'settled';
  }
  const a = state.auction;
  if (a) {
    await pass.db.prisma.auction.updateMany({
      where: { id: auctionId, status: UPSTREAM },
      data: {
        ...(a.endsAt ? { endsAt: a.endsAt } : {}),
        ...(a.url ? { upstreamUrl: a.url } : {}),
        ...(a.bestBid ? { upstreamBestBid: a.bestBid } : {}),
      },
    });
  }
  return 'running';
}

async function startFollowing(pass: Pass, b: Polled, state: ApplicationState): Promise<void> {
  const { now } = pass;
  const a = state.auction ?? {};
  await pass.db.tx(async (tx) => {
    const auction = await tx.auction.create({
      data: {
        fqdn: b.fqdn,
        currency: b.currency,
        status: UPSTREAM,
        startsAt: now,
        endsAt: a.endsAt ?? now,
        step: 0n,
        upstreamUrl: a.url ?? null,
        upstreamBestBid: a.bestBid ?? null,
        createdAt: now,
      },
    });
    await move(tx, [b.id], 'PROCESSING', 'AUCTION-PENDING', now, {
      auctionId: auction.id,
      upstreamStatus: state.status,
    });
    await writeLogs(tx, pass.db.kind, now, [
      {
        job: JOB,
        backorderId: b.id,
        fqdn: b.fqdn,
        message: `PROCESSING → AUCTION-PENDING: the registrar runs an auction${a.url ? ` at ${a.url}` : ''}${a.endsAt ? ` until ${a.endsAt.toISOString()}` : ''}`,
      },
    ]);
    await enqueueAll(tx, pass.db.kind, now, [
      statusEvent('backorder.auction-pending', b, 'AUCTION-PENDING', {
        ...ref(b),
        auctionId: auction.id,
        endsAt: (a.endsAt ?? now).toISOString(),
        ...(a.url ? { url: a.url } : {}),
      }),
    ]);
    await pass.hit('settle');
  });
  pass.result.auctions++;
  await pass.hit('settled');
}

async function won(pass: Pass, b: Polled, auctionId: number, state: ApplicationState): Promise<void> {
  const { now } = pass;
  const dates = await domainDates(pass, b.fqdn);
  await pass.db.tx(async (tx) => {
    const invoice = await chargeAndOwn(pass, tx, b, dates);
    await move(tx, [b.id], 'AUCTION-PENDING', 'AUCTION-WON', now, {
      invoiceId: invoice.id,
      upstreamStatus: state.status,
    });
    await tx.auction.update({
      where: { id: auctionId },
      data: { status: 'CLOSED', closedAt: now, winnerBackorderId: b.id, price: invoice.total },
    });
    const charged = money(invoice.total, invoice.currency);
    await writeLogs(tx, pass.db.kind, now, [
      {
        job: JOB,
        backorderId: b.id,
        fqdn: b.fqdn,
        message: `AUCTION-PENDING → AUCTION-WON at the registrar's auction; invoice ${invoice.number} of ${shown(invoice.total, invoice.currency)} (the backorder price) paid from the hold`,
      },
    ]);
    await enqueueAll(tx, pass.db.kind, now, [
      {
        kind: 'auction.won',
        audience: 'CUSTOMER',
        customerId: b.customerId,
        payload: { ...ref(b), ...charged, auctionId, invoiceNumber: invoice.number },
        dedupeKey: `auction.won:${auctionId}`,
      },
      staffEvent('staff.caught', `staff.caught:${b.id}`, {
        ...ref(b),
        ...charged,
        customerId: b.customerId,
        auction: true,
      }),
    ]);
    await pass.hit('settle');
  });
  pass.result.caught++;
  await pass.hit('settled');
}

async function lost(pass: Pass, b: Polled, auctionId: number, state: ApplicationState): Promise<void> {
  const { now } = pass;
  await pass.db.tx(async (tx) => {
    const released = await releaseHold(tx, { backorderId: b.id, at: now });
    await move(tx, [b.id], 'AUCTION-PENDING', 'AUCTION-LOST', now, { upstreamStatus: state.status });
    await tx.auction.update({ where: { id: auctionId }, data: { status: 'CLOSED', closedAt: now } });
    await writeLogs(tx, pass.db.kind, now, [
      {
        job: JOB,
        backorderId: b.id,
        fqdn: b.fqdn,
        message: `AUCTION-PENDING → AUCTION-LOST at the registrar's auction${released === null ? '' : `; hold of ${shown(released, b.currency)} released`}`,
      },
    ]);
    await enqueueAll(tx, pass.db.kind, now, [
      {
        kind: 'auction.lost',
        audience: 'CUSTOMER',
        customerId: b.customerId,
        payload: { ...ref(b), ...money(released ?? 0n, b.currency), auctionId },
        dedupeKey: `auction.lost:${auctionId}:${b.id}`,
      },
    ]);
    await pass.hit('settle');
  });
  await pass.hit('settled');
}
