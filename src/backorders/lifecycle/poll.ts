import { writeLog } from '../../audit/audit-log.ts';
import { Prisma } from '../../generated/sqlite/client.ts';
import type { ApplicationState } from '../../registrar/port.ts';
import { finalizationOf } from '../finalization.ts';
import { ref, staffEvent } from '../notices.ts';
import { sqlTime } from '../records.ts';
import { settleCatch } from './caught.ts';
import { failBackorders } from './fail.ts';
import { PassAborted } from './faults.ts';
import { inChunks, itemFailed, JOB, type Pass } from './pass.ts';
import { mapLimit } from './pool.ts';
import { errorCode, errorText } from './send-failed.ts';
import { pastGiveUp, pollAfterDropAt, pollBeforeDropSql } from './timing.ts';
import { followUpstreamAuction, UPSTREAM } from './upstream-auction.ts';

// Asking the registrar how sent applications did: caught (caught.ts), lost (FAILED, released), an
// auction at the registrar (upstream-auction.ts), or nothing yet (asked again later).

const pollable = (now: Date) => ({
  applicationState: 'SENT',
  registrarRef: { not: null },
  AND: [
    { OR: [{ status: 'PROCESSING' }, { status: 'AUCTION-PENDING', auction: { is: { status: UPSTREAM } } }] },
    { nextAttemptAt: { lte: now } },
  ],
});

const select = {
  id: true,
  customerId: true,
  fqdn: true,
  currency: true,
  status: true,
  dropAt: true,
  finalizesAt: true,
  registrarRef: true,
  upstreamStatus: true,
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
    await keepDeadlines(pass, answers);
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
  const waiting: Array<{ b: PollRow; upstreamStatus: string | null }> = [];
  for (const a of answers) {
    try {
      if (!a.state) {
        if ((await pollFailed(pass, a.b, a.error)) === 'retry')
          waiting.push({ b: a.b, upstreamStatus: a.b.upstreamStatus });
      } else if (a.b.status === 'PROCESSING' && caught.has(a.b.fqdn)) continue;
      else if (a.b.status === 'AUCTION-PENDING' || a.state.status.startsWith('AUCTION-')) {
        if ((await followUpstreamAuction(pass, a.b, a.state)) === 'running') {
          waiting.push({ b: a.b, upstreamStatus: a.state.status });
        }
      } else if (a.state.status === 'FAILED') lost.push(a.b);
      else waiting.push({ b: a.b, upstreamStatus: a.state.status });
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
    pass.result.failed += await pass.db.tx((tx) => failBackorders(pass, tx, chunk, 'lost'));
  });
  await askAgainLater(pass, waiting);
}

/** A finalization date from the registrar moves the deadline the customer is shown (finalization.ts). */
async function keepDeadlines(pass: Pass, answers: Polled[]): Promise<void> {
  for (const { b, state } of answers) {
    const deadline = state?.finalizesAt ? finalizationOf(b.dropAt, state.finalizesAt) : null;
    if (!deadline || deadline.getTime() === b.finalizesAt?.getTime()) continue;
    await pass.db.prisma.backorder.updateMany({
      where: { id: b.id },
      data: { finalizesAt: deadline, updatedAt: pass.now },
    });
  }
}

/** No result yet: the next question is scheduled by how long ago the drop was (timing.ts). */
async function askAgainLater(
  pass: Pass,
  waiting: Array<{ b: PollRow; upstreamStatus: string | null }>,
): Promise<void> {
  const { db, now } = pass;
  const groups = new Map<string, { upstreamStatus: string | null; next: Date | null; ids: number[] }>();
  for (const { b, upstreamStatus } of waiting) {
    const next = b.dropAt && b.dropAt <= now ? pollAfterDropAt(now, b.dropAt) : null;
    const key = `${upstreamStatus} ${next?.getTime() ?? 'before the drop'}`;
    const group = groups.get(key) ?? { upstreamStatus, next, ids: [] };
    group.ids.push(b.id);
    groups.set(key, group);
  }
  for (const { upstreamStatus, next, ids } of groups.values()) {
    const where = {
      id: { in: ids },
      applicationState: 'SENT',
      status: { in: ['PROCESSING', 'AUCTION-PENDING'] },
    };
    if (next) {
      await db.prisma.backorder.updateMany({
        where,
        data: { upstreamStatus, nextAttemptAt: next, updatedAt: now },
      });
    } else {
      await db.prisma.$executeRaw`UPDATE "Backorder" SET "upstreamStatus" = ${upstreamStatus},
        "nextAttemptAt" = ${pollBeforeDropSql(db.kind, now)}, "updatedAt" = ${sqlTime(db.kind, now)}
        WHERE "id" IN (${Prisma.join(ids)}) AND "applicationState" = 'SENT' AND "status" IN ('PROCESSING', 'AUCTION-PENDING')`;
    }
  }
}

/** Logged and asked again later; 2 days after the drop the backorder is given up. */
async function pollFailed(pass: Pass, b: PollRow, error: unknown): Promise<'retry' | 'failed'> {
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
      message: `asking the registrar about application ${b.registrarRef} failed: ${text}; asking again later`,
    });
    return 'retry';
  }
  pass.result.failed += await pass.db.tx((tx) =>
    failBackorders(pass, tx, [b], 'no-result', [
      staffEvent('staff.registrar-error', `staff.registrar-error:${b.id}`, {
        ...ref(b),
        code: errorCode(error),
        message: `no result for application ${b.registrarRef} 2 days after the drop: ${text}`,
        gaveUp: true,
      }),
    ]),
  );
  return 'failed';
}
