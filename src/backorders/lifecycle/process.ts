import { ref, statusEvent } from '../notices.ts';
import { enqueueAll, writeLogs } from '../records.ts';
import { move } from '../transition.ts';
import { inChunks, JOB, type Pass } from './pass.ts';
import { processingWindow } from './timing.ts';

// ACTIVE → PROCESSING in the last 2 hours before the drop: from here on no cancellation, and the
// send step (send.ts) applies at the registrar in the same pass.

export async function processDue(pass: Pass): Promise<void> {
  const { db, now } = pass;
  const due = await db.prisma.backorder.findMany({
    where: { status: 'ACTIVE', dropAt: processingWindow(now) },
    select: { id: true },
    orderBy: [{ dropAt: 'asc' }, { id: 'asc' }],
  });
  await inChunks(pass, due, async (chunk) => {
    const n = await db.tx(async (tx) => {
      const rows = await tx.backorder.findMany({
        where: { id: { in: chunk.map((b) => b.id) }, status: 'ACTIVE', dropAt: processingWindow(now) },
        select: { id: true, customerId: true, fqdn: true, dropAt: true },
      });
      await move(
        tx,
        rows.map((b) => b.id),
        'ACTIVE',
        'PROCESSING',
        now,
      );
      await writeLogs(
        tx,
        pass.db.kind,
        now,
        rows.map((b) => ({
          job: JOB,
          backorderId: b.id,
          fqdn: b.fqdn,
          message: 'ACTIVE → PROCESSING: the drop is less than 2 hours away',
        })),
      );
      await enqueueAll(
        tx,
        pass.db.kind,
        now,
        rows.map((b) =>
          statusEvent('backorder.processing', b, 'PROCESSING', {
            ...ref(b),
            dropAt: b.dropAt!.toISOString(),
          }),
        ),
      );
      await pass.hit('process');
      return rows.length;
    });
    pass.result.processing += n;
    await pass.hit('processed');
  });
}
