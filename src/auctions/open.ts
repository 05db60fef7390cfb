import { writeLog } from '../audit/audit-log.ts';
import { releaseHold } from '../billing/ledger.ts';
import { DAY } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Tx } from '../db/client.ts';
import { formatMoney, majorUnits } from '../domain/money.ts';
import { DomainError, InvalidInput, NotFound } from '../errors.ts';
import { enqueue } from '../notify/outbox.ts';
import { closeAuction } from './close.ts';
import { outcome, standings } from './proxy.ts';
import { JOB } from './store.ts';

export type AuctionSettings = Pick<Config, 'AUCTION_STEP' | 'AUCTION_DAYS' | 'REGISTRAR'>;

export interface OpenAuctionInput {
  fqdn: string;
  /**
   * The caught name's backorders, already AUCTION-PENDING with a HELD hold each. Only the ids are
   * used: customer, currency, age and the held price are read inside the transaction.
   */
  backorders: ReadonlyArray<{ id: number }>;
  at: Date;
  /** minor units of the auction's currency; default AUCTION_STEP major units */
  step?: bigint;
  /** default AUCTION_DAYS */
  days?: number;
}

/**
 * Opens the private auction among the backorderers of one caught name, inside the caller's
 * transaction. Idempotent: when the backorders already belong to an auction, that one is returned.
 *
 * Currency rule: the auction runs in the currency of the earliest backorder (the one that would win
 * if nobody bids, so the rule never weakens the strongest claim). Amounts in different currencies
 * cannot be compared and we keep no exchange rates, so backorders in another currency cannot take
 * part: they end AUCTION-LOST at once with their hold released. If that leaves one participant,
 * there is nothing to bid against and it wins at its backorder price immediately.
 */
export async function openAuction(
  tx: Tx,
  input: OpenAuctionInput,
  settings: AuctionSettings,
): Promise<{ auctionId: number; endsAt: Date }> {
  const { fqdn, at } = input;
  const ids = [...new Set(input.backorders.map((b) => b.id))];
  if (ids.length === 0) throw new InvalidInput('an auction needs backorders');
  const rows = await tx.backorder.findMany({ where: { id: { in: ids } }, include: { hold: true } });
  const missing = ids.find((id) => !rows.some((r) => r.id === id));
  if (missing !== undefined) throw new NotFound('backorder', missing);

  const already = rows.find((r) => r.auctionId !== null);
  if (already?.auctionId) {
    const existing = await tx.auction.findUniqueOrThrow({ where: { id: already.auctionId } });
    return { auctionId: existing.id, endsAt: existing.endsAt };
  }
  for (const r of rows) {
    if (r.fqdn !== fqdn) throw new InvalidInput(`backorder ${r.id} is for ${r.fqdn}, not ${fqdn}`);
    if (r.status !== 'AUCTION-PENDING' || r.hold?.status !== 'HELD') {
      throw new DomainError('CONFLICT', `backorder ${r.id} is not AUCTION-PENDING with a held price`, {
        backorderId: r.id,
        status: r.status,
      });
    }
  }

  const byAge = [...rows].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id);
  const currency = byAge[0]!.currency;
  const eligible = byAge.filter((r) => r.currency === currency);
  const excluded = byAge.filter((r) => r.currency !== currency);
  const step = input.step ?? majorUnits(settings.AUCTION_STEP, currency);
  if (step <= 0n) throw new InvalidInput('the auction step must be positive');
  const contested = eligible.length > 1;
  const endsAt = contested
    ? new Date(at.getTime() + Math.round((input.days ?? settings.AUCTION_DAYS) * DAY))
    : at;

  const auction = await tx.auction.create({
    data: { fqdn, currency, status: 'OPEN', startsAt: at, endsAt, step, createdAt: at },
  });
  // Claiming with the guard makes a concurrent opener (PostgreSQL, two passes) fail and roll back
  // instead of attaching the same backorders to a second auction.
  const claimed = await tx.backorder.updateMany({
    where: { id: { in: ids }, auctionId: null, status: 'AUCTION-PENDING' },
    data: { auctionId: auction.id, updatedAt: at },
  });
  if (claimed.count !== ids.length) {
    throw new DomainError('CONFLICT', `the backorders of ${fqdn} were claimed by another auction`, { fqdn });
  }
  // Openings in backorder age order: lower bid id = earlier, so equal maxima go to the earlier backorder.
  for (const r of eligible) {
    await tx.bid.create({
      data: {
        auctionId: auction.id,
        backorderId: r.id,
        customerId: r.customerId,
        maxAmount: r.hold!.amount,
        createdAt: at,
      },
    });
  }
  const bids = await tx.bid.findMany({ where: { auctionId: auction.id } });
  const start = outcome(standings(bids), step)!;
  await tx.auction.update({ where: { id: auction.id }, data: { price: start.price } });
  const money = { amount: start.price.toString(), currency };

  for (const r of excluded) {
    const released = await releaseHold(tx, { backorderId: r.id, at });
    await tx.backorder.update({
      where: { id: r.id },
      data: { status: 'AUCTION-LOST', openKey: null, finishedAt: at, updatedAt: at },
    });
    await writeLog(tx, at, {
      job: JOB,
      backorderId: r.id,
      fqdn,
      message: `left out of auction #${auction.id}: it runs in ${currency}, this backorder is in ${r.currency}${
        released === null ? '' : `; hold of ${formatMoney(released, r.currency)} released`
      }`,
    });
    await enqueue(tx, at, {
      kind: 'auction.lost',
      audience: 'CUSTOMER',
      customerId: r.customerId,
      payload: { backorderId: r.id, fqdn, ...money, auctionId: auction.id },
      dedupeKey: `auction.lost:${auction.id}:${r.id}`,
    });
  }

  if (!contested) {
    await closeAuction(tx, auction.id, at, settings.REGISTRAR);
    return { auctionId: auction.id, endsAt };
  }

  for (const s of start.ranked) {
    const leading = s === start.leader;
    await writeLog(tx, at, {
      job: JOB,
      backorderId: s.backorderId,
      fqdn,
      message: `auction #${auction.id} opened until ${endsAt.toISOString()}: opening bid ${formatMoney(s.opening, currency)}, ${
        leading ? 'leading' : 'not leading'
      } at ${formatMoney(start.price, currency)}`,
    });
    await enqueue(tx, at, {
      kind: 'auction.opened',
      audience: 'CUSTOMER',
      customerId: s.customerId,
      payload: {
        backorderId: s.backorderId,
        fqdn,
        ...money,
        auctionId: auction.id,
        endsAt: endsAt.toISOString(),
        yourMax: s.max.toString(),
        leading,
      },
      dedupeKey: `auction.opened:${auction.id}:${s.backorderId}`,
    });
  }
  await enqueue(tx, at, {
    kind: 'community.auction',
    audience: 'COMMUNITY',
    payload: { fqdn, endsAt: endsAt.toISOString() },
    dedupeKey: `community.auction:${auction.id}`,
  });
  return { auctionId: auction.id, endsAt };
}
