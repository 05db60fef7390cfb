import type { FailureReason } from '../failure-reasons.ts';
import { failBackorders } from './fail.ts';
import { inChunks, type Pass } from './pass.ts';
import { staleBefore } from './timing.ts';

// REQUESTED or ACTIVE backorders whose known drop is more than 2 days past never reached the
// registrar (no funds in time, a pass that did not run in the window, a delisted name): FAILED and
// released, instead of waiting and holding money forever.

const REASON: Record<string, FailureReason> = {
  REQUESTED: 'no-funds',
  ACTIVE: 'not-sent',
};

export async function sweepStale(pass: Pass): Promise<void> {
  const { db, now } = pass;
  const stale = { status: { in: ['REQUESTED', 'ACTIVE'] }, dropAt: { lt: staleBefore(now) } };
  const due = await db.prisma.backorder.findMany({
    where: stale,
    select: { id: true },
    orderBy: { id: 'asc' },
  });
  await inChunks(pass, due, async (chunk) => {
    pass.result.failed += await db.tx(async (tx) => {
      const rows = await tx.backorder.findMany({ where: { id: { in: chunk.map((b) => b.id) }, ...stale } });
      let n = 0;
      for (const status of ['REQUESTED', 'ACTIVE']) {
        n += await failBackorders(
          pass,
          tx,
          rows.filter((b) => b.status === status),
          REASON[status]!,
        );
      }
      await pass.hit('sweep');
      return n;
    });
  });
}
