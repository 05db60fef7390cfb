import type { Tx } from '../../db/client.ts';
import type { EventKind } from '../../notify/events.ts';
import type { OutboxEvent } from '../../notify/outbox.ts';
import type { RegisteredDomain } from '../../registrar/port.ts';
import { money, ref, shown, staffEvent, statusEvent } from '../notices.ts';
import { enqueueAll, writeLogs } from '../records.ts';
import { move } from '../transition.ts';
import { chargeAndOwn, domainDates } from './charge.ts';
import { failBackorders } from './fail.ts';
import { precedence } from './lite-rule.ts';
import { JOB, type Pass } from './pass.ts';

// The registrar caught a name. Of our backorders on it, the regular ones take it before the Lite
// ones, which lose (FAILED, released; lite-rule.ts). One taker: the customer is charged the held
// price (invoice paid from the hold; PENDING-PAYMENT lasts only inside this transaction) and owns the
// name. Several: they go AUCTION-PENDING and the private auction among them opens (src/auctions).

type Row = Awaited<ReturnType<Tx['backorder']['findMany']>>[number];

const communityCaught = (
  fqdn: string,
  dropAt: Date | null,
  auction: boolean,
): OutboxEvent<'community.caught'> => ({
  kind: 'community.caught',
  audience: 'COMMUNITY',
  payload: { fqdn, auction },
  dedupeKey: `community.caught:${fqdn}:${dropAt?.toISOString() ?? 'unknown'}`,
});

export async function settleCatch(pass: Pass, fqdn: string): Promise<void> {
  const { db } = pass;
  const dates = await domainDates(pass, fqdn);
  const outcome = await db.tx(async (tx) => {
    // Every backorder of ours still on the name, whichever application reported the catch.
    const group = await tx.backorder.findMany({
      where: { fqdn, status: 'PROCESSING' },
      orderBy: { id: 'asc' },
    });
    if (group.length === 0) return null;
    const { takers, outranked } = precedence(group);
    const lost = await failBackorders(pass, tx, outranked, 'outranked');
    const r =
      takers.length === 1 ? await single(pass, tx, takers[0]!, dates) : await auction(pass, tx, takers);
    await pass.hit('settle');
    return { r, lost };
  });
  if (outcome?.r === 'caught') pass.result.caught++;
  if (outcome?.r === 'auction') pass.result.auctions++;
  pass.result.failed += outcome?.lost ?? 0;
  await pass.hit('settled');
}

async function single(pass: Pass, tx: Tx, b: Row, dates: RegisteredDomain): Promise<'caught'> {
  const { now } = pass;
  const invoice = await chargeAndOwn(pass, tx, b, dates);
  await move(tx, [b.id], 'PROCESSING', 'SUCCESSFUL', now, {
    invoiceId: invoice.id,
    upstreamStatus: 'SUCCESSFUL',
  });
  const charged = money(invoice.total, invoice.currency);
  await writeLogs(tx, pass.db.kind, now, [
    {
      job: JOB,
      backorderId: b.id,
      fqdn: b.fqdn,
      message: `caught: PROCESSING → PENDING-PAYMENT → SUCCESSFUL; invoice ${invoice.number} of ${shown(invoice.total, invoice.currency)} paid from the hold; the name is in the customer's account`,
    },
  ]);
  await enqueueAll(tx, pass.db.kind, now, [
    statusEvent('backorder.caught', b, 'SUCCESSFUL', {
      ...ref(b),
      ...charged,
      invoiceNumber: invoice.number,
    }),
    staffEvent('staff.caught', `staff.caught:${b.id}`, {
      ...ref(b),
      ...charged,
      customerId: b.customerId,
      auction: false,
    }),
    communityCaught(b.fqdn, b.dropAt, false),
  ]);
  return 'caught';
}

async function auction(pass: Pass, tx: Tx, group: Row[]): Promise<'auction'> {
  const { now } = pass;
  const ids = group.map((b) => b.id);
  const fqdn = group[0]!.fqdn;
  await move(tx, ids, 'PROCESSING', 'AUCTION-PENDING', now);
  const { auctionId, endsAt } = await pass.openAuction(tx, {
    fqdn,
    backorders: ids.map((id) => ({ id })),
    at: now,
  });
  await writeLogs(
    tx,
    pass.db.kind,
    now,
    group.map((b) => ({
      job: JOB,
      backorderId: b.id,
      fqdn,
      message: `caught for ${group.length} backorders: PROCESSING → AUCTION-PENDING, private auction #${auctionId} until ${endsAt.toISOString()}`,
    })),
  );
  const events: OutboxEvent<EventKind>[] = group.map((b) =>
    statusEvent('backorder.auction-pending', b, 'AUCTION-PENDING', {
      ...ref(b),
      auctionId,
      endsAt: endsAt.toISOString(),
    }),
  );
  events.push(communityCaught(fqdn, group[0]!.dropAt, true));
  await enqueueAll(tx, pass.db.kind, now, events);
  return 'auction';
}
