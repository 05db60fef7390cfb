import type { Db } from '../db/client.ts';

// A lease in the database decides which instance runs a job when several share one database. It
// expires, so an instance that died mid-job blocks the job only until its lease runs out.

export async function acquireLease(
  db: Db,
  name: string,
  owner: string,
  now: Date,
  ttlMs: number,
): Promise<boolean> {
  const leaseUntil = new Date(now.getTime() + ttlMs);
  const taken = await db.prisma.jobLock.updateMany({
    where: { name, OR: [{ leaseUntil: { lt: now } }, { owner }] },
    data: { owner, leaseUntil },
  });
  if (taken.count === 1) return true;
  try {
    await db.prisma.jobLock.create({ data: { name, owner, leaseUntil } });
    return true;
  } catch {
    // another instance holds it (or created it just now)
    return false;
  }
}

export async function renewLease(
  db: Db,
  name: string,
  owner: string,
  now: Date,
  ttlMs: number,
): Promise<boolean> {
  const r = await db.prisma.jobLock.updateMany({
    where: { name, owner },
    data: { leaseUntil: new Date(now.getTime() + ttlMs) },
  });
  return r.count === 1;
}

export async function releaseLease(db: Db, name: string, owner: string): Promise<void> {
  await db.prisma.jobLock.deleteMany({ where: { name, owner } });
}
