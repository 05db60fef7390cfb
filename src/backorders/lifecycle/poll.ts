import { writeLog } from '../../audit/audit-log.ts';
import type { ApplicationState } from '../../registrar/port.ts';
import { ref, staffEvent } from '../notices.ts';
import { settleCatch } from './caught.ts';
import { failBackorders } from './fail.ts';
import { PassAborted } from './faults.ts';
import { inChunks, itemFailed, JOB, type Pass } from './pass.ts';
import { mapLimit } from './pool.ts';
import { errorCode, errorText } from './send-failed.ts';
import { pastGiveUp, pollAgainAt } from './timing.ts';
import { followUpstreamAuction, UPSTREAM } from './upstream-auction.ts';

// Asking the registrar how sent applications did: caught (caught.ts), lost (FAILED, released), an
// auction at the registrar (upstream-auction.ts), or nothing yet (asked again later).

const pollable = (now: Date) => ({
  applicationState: 'SENT',
  registrarRef: { not: null },
  AND: [
    { OR: [{ status: 'PROCESSING' }, { status: 'AUCTION-PENDING', auction: { is: { status: UPSTREAM } } }] },
    { OR: [{ nextAttemptAt: { lte: now } }, { dropAt: { lte: now } }] },
  ],
});

const select = {
  id: true,
  customerId: true,
  fqdn: true,
  currency: true,
  status: true,
  dropAt: true,
  registrarRef: true,
  auctionId: true,
} as const;

type Polled = { b: PollRow; state?: ApplicationState; error?: unknown };
type PollRow = Awaited<ReturnType<typeof due>>[number];

const due = (pass: Pass) =>
  pass.db.prisma.backorder.findMany({
    where: pollable(pass.now),
    select,
    orderBy: [{ dropAt: 'asc' }, { id: 'asc' }],
  });

export async function pollDue(pass: Pass): Promise<void> {
  const rows = await due(pass);
  for (let i = 0; i < rows.length; i += pass.chunkSize) {
    const answers = await mapLimit(
      rows.slice(i, i + pass.chunkSize),
      pass.concurrency,
      async (b): Promise<Polled> => {
        try {
          return { b, state: await pass.registrar.applicationStatus(b.registrarRef!) };
        } catch (error) {
          return { b, error };
        }
      },
    );
    await pass.hit('polled');
    await settle(pass, answers);
  }
}

async function settle(pass: Pass, answers: Polled[]): Promise<void> {
  const caught = new Set(
    answers
      .filter((a) => a.b.status === 'PROCESSING' && a.state?.status === 'SUCCESSFUL')
      .map((a) => a.b.fqdn),
  );
  const lost: PollRow[] = [];
  const waiting = new Map<string, number[]>();
  for (const a of answers) {
    try {
      if (!a.state) await pollFailed(pass, a.b, a.error);
      else if (a.b.status === 'PROCESSING' && caught.has(a.b.fqdn)) continue;
      else if (a.b.status === 'AUCTION-PENDING' || a.state.status.startsWith('AUCTION-'))
        await followUpstreamAuction(pass, a.b, a.state);
      else if (a.state.status === 'FAILED') lost.push(a.b);
      else waiting.set(a.state.status, [...(waiting.get(a.state.status) ?? []), a.b.id]);
    } catch (e) {
      if (e instanceof PassAborted) throw e;
      await itemFailed(pass, a.b, e);
    }
  }
  for (const fqdn of caught) {
    try {
      await settleCatch(pass, fqdn);
    } catch (e) {
      if (e instanceof PassAborted) throw e;
      for (const a of answers) if (a.b.fqdn === fqdn) await itemFailed(pass, a.b, e);
    }
  }
  await inChunks(pass, lost, async (chunk) => {
    pass.result.failed += await pass.db.tx((tx) =>
      failBackorders(pass, tx, chunk, 'the name went to someone else'),
    );
  });
  for (const [upstreamStatus, ids] of waiting) {
    await pass.db.prisma.backorder.updateMany({
      where: { id: { in: ids }, applicationState: 'SENT' },
      data: { upstreamStatus, nextAttemptAt: pollAgainAt(pass.now), updatedAt: pass.now },
    });
  }
}

/** Logged and asked again next pass; 2 days after the drop the backorder is given up. */
async function pollFailed(pass: Pass, b: PollRow, error: unknown): Promise<void> {
  const { now } = pass;
  pass.result.errors++;
  const text = errorText(error);
  if (!pastGiveUp(b.dropAt, now)) {
    await pass.db.prisma.backorder.updateMany({
      where: { id: b.id },
      data: { lastError: text.slice(0, 500), updatedAt: now },
    });
    await writeLog(pass.db.prisma, now, {
      job: JOB,
      level: 'error',
      backorderId: b.id,
      fqdn: b.fqdn,
      message: `asking the registrar about application ${b.registrarRef} failed: ${text}; asking again next pass`,
    });
    return;
  }
  pass.result.failed += await pass.db.tx((tx) =>
    failBackorders(pass, tx, [b], 'the registrar gave no result within 2 days of the drop', [
      staffEvent('staff.registrar-error', `staff.registrar-error:${b.id}`, {
        ...ref(b),
        code: errorCode(error),
        message: `no result for application ${b.registrarRef} 2 days after the drop: ${text}`,
        gaveUp: true,
      }),
    ]),
  );
}
