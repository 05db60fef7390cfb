import type { Tx } from '../../db/client.ts';
import { kindOf } from '../../domain/kind.ts';
import { money, ref, shown, statusEvent } from '../notices.ts';
import { enqueueAll, writeLogs } from '../records.ts';
import { move } from '../transition.ts';
import { failBackorders } from './fail.ts';
import { type HoldRequest, takeHolds } from './holds.ts';
import { currentPrice, inChunks, JOB, type Pass } from './pass.ts';
import { activationWindow } from './timing.ts';

// REQUESTED → ACTIVE once the drop is at most 3 days away: a hold of the zone's price at this moment
// (its Lite price for Backorder Lite; the snapshot that is charged if the name is caught). Without the money the backorder stays
// REQUESTED and is reported to the low-balance step.

export interface ShortFunded {
  backorderId: number;
  customerId: number;
  fqdn: string;
  dropAt: Date | null;
  amount: bigint;
  currency: string;
}

export async function activateDue(pass: Pass): Promise<ShortFunded[]> {
  const { db, now } = pass;
  const due = await db.prisma.backorder.findMany({
    where: { status: 'REQUESTED', dropAt: activationWindow(now) },
    select: { id: true },
    orderBy: [{ dropAt: 'asc' }, { id: 'asc' }],
  });
  const short: ShortFunded[] = [];
  await inChunks(pass, due, async (chunk) => {
    const r = await db.tx((tx) =>
      activate(
        pass,
        tx,
        chunk.map((b) => b.id),
      ),
    );
    pass.result.activated += r.activated;
    pass.result.failed += r.failed;
    short.push(...r.short);
    await pass.hit('activated');
  });
  return short;
}

async function activate(pass: Pass, tx: Tx, ids: number[]) {
  const { now } = pass;
  // Read again inside the transaction: a cancel or another pass may have moved them meanwhile.
  const rows = await tx.backorder.findMany({
    where: { id: { in: ids }, status: 'REQUESTED', dropAt: activationWindow(now) },
    select: {
      id: true,
      customerId: true,
      fqdn: true,
      zone: true,
      currency: true,
      dropAt: true,
      status: true,
      lite: true,
    },
    orderBy: [{ dropAt: 'asc' }, { id: 'asc' }],
  });
  const byId = new Map(rows.map((b) => [b.id, b]));
  const requests: HoldRequest[] = [];
  const notOffered = [];
  for (const b of rows) {
    const amount = await currentPrice(pass, tx, b.zone, b.currency, kindOf(b));
    if (amount === null) notOffered.push(b);
    else requests.push({ backorderId: b.id, customerId: b.customerId, amount, currency: b.currency });
  }
  const { taken, short } = await takeHolds(tx, pass.db.kind, requests, now);
  await move(
    tx,
    taken.map((t) => t.backorderId),
    'REQUESTED',
    'ACTIVE',
    now,
  );
  const activated = taken.map((t) => ({ t, b: byId.get(t.backorderId)! }));
  await writeLogs(
    tx,
    pass.db.kind,
    now,
    activated.map(({ t, b }) => ({
      job: JOB,
      backorderId: b.id,
      fqdn: b.fqdn,
      message: `REQUESTED → ACTIVE: ${shown(t.amount, b.currency)} held, the ${b.lite ? 'Lite ' : ''}price charged if the name is caught`,
    })),
  );
  await enqueueAll(
    tx,
    pass.db.kind,
    now,
    activated.map(({ t, b }) =>
      statusEvent('backorder.activated', b, 'ACTIVE', {
        ...ref(b),
        ...money(t.amount, b.currency),
        dropAt: b.dropAt!.toISOString(),
        lite: b.lite,
      }),
    ),
  );
  const failed =
    (await failBackorders(
      pass,
      tx,
      notOffered.filter((b) => !b.lite),
      'zone-withdrawn',
    )) +
    (await failBackorders(
      pass,
      tx,
      notOffered.filter((b) => b.lite),
      'lite-withdrawn',
    ));
  await pass.hit('activate');
  return {
    activated: taken.length,
    failed,
    short: short.map((s) => ({
      ...s,
      fqdn: byId.get(s.backorderId)!.fqdn,
      dropAt: byId.get(s.backorderId)!.dropAt,
    })),
  };
}
