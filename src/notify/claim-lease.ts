import type { Clock } from '../clock.ts';
import type { Db } from '../db/client.ts';
import type { Logger } from '../log.ts';
import type { Group } from './claim.ts';

// A claim is short, so that the recipients of a dispatcher that died (killed, its machine gone) go
// to another one, or to itself restarted, within seconds. While this dispatcher still works on a
// recipient (waiting for the platform's pace, sending a long notification's parts) a heartbeat
// renews the claim every third of the lease. A renewal that finds rows of the group claimed by
// another dispatcher (this one stalled past its lease) gives the group up before its next message:
// the other sends the rest, and at most the message under way when the lease ran out goes twice.

export interface ClaimLease {
  /** whether the rows are still this dispatcher's: asked right before each message goes out */
  held(): Promise<boolean>;
  stop(): Promise<void>;
}

export function keepClaim(
  deps: { db: Db; clock: Clock; log: Logger; leaseMs: number },
  group: Group,
): ClaimLease {
  const { db, clock, leaseMs } = deps;
  const ids = group.rows.map((r) => r.id);
  let until = group.claimedUntil.getTime();
  let lost = false;
  let renewing: Promise<void> | null = null;

  const renewNow = async () => {
    const now = clock.now().getTime();
    // Rows delivered or handed back meanwhile are no longer PENDING or no longer claimed: left alone.
    await db.prisma.notification.updateMany({
      where: { id: { in: ids }, status: 'PENDING', claimedBy: group.token },
      data: { claimedUntil: new Date(now + leaseMs) },
    });
    // Asked after the renewal: nobody can take a row over once its claim runs on.
    const taken = await db.prisma.notification.count({
      where: { id: { in: ids }, status: 'PENDING', NOT: [{ claimedBy: null }, { claimedBy: group.token }] },
    });
    if (taken > 0) lost = true;
    else until = now + leaseMs;
  };
  const renew = () => {
    renewing ??= renewNow()
      .catch((error) => deps.log.warn('renewing a notification claim failed', { error }))
      .finally(() => {
        renewing = null;
      });
    return renewing;
  };
  const heartbeat = setInterval(() => void renew(), leaseMs / 3);
  heartbeat.unref();

  return {
    async held() {
      // The heartbeat is late (a stalled process): renew, or learn the rows are gone, first.
      if (!lost && clock.now().getTime() >= until) await renew();
      return !lost && clock.now().getTime() < until;
    },
    async stop() {
      clearInterval(heartbeat);
      await renewing;
    },
  };
}
