import type { Prisma } from '../db/client.ts';

/** A job's latest run as staff see it (CLI `jobs`, Slack `jobs`), or null when it never ran. */
export async function lastRun(db: Prisma, job: string) {
  const last = await db.jobRun.findFirst({ where: { job }, orderBy: { id: 'desc' } });
  if (!last) return null;
  return {
    startedAt: last.startedAt,
    finishedAt: last.finishedAt,
    durationMs: last.finishedAt ? last.finishedAt.getTime() - last.startedAt.getTime() : null,
    result: last.ok === null ? ('running' as const) : last.ok ? ('ok' as const) : ('failed' as const),
    message: last.message,
    instance: last.instance,
  };
}

export type LastRun = NonNullable<Awaited<ReturnType<typeof lastRun>>>;
