import type { Prisma } from '../db/client.ts';

// Whether notifications can reach a platform account: a chat that blocked the bot is marked
// unreachable (the dispatcher stops sending there) until its user writes to us again.

interface Account {
  platform: string;
  externalId: string;
}

/** The customer behind an account and whether it was last known unreachable, or null for a stranger. */
export async function identityOf(db: Prisma, { platform, externalId }: Account) {
  const found = await db.identity.findUnique({
    where: { platform_externalId: { platform, externalId } },
    include: { customer: true },
  });
  return found ? { customer: found.customer, unreachable: found.unreachableAt !== null } : null;
}

export async function setReachable(
  db: Prisma,
  { platform, externalId }: Account,
  reachable: boolean,
  at: Date,
) {
  await db.identity.updateMany({
    where: { platform, externalId, unreachableAt: reachable ? { not: null } : null },
    data: { unreachableAt: reachable ? null : at },
  });
}
