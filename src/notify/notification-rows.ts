import type { Db } from '../db/client.ts';

// How a delivery records its outcome on the Notification rows it claimed. Every write is limited to
// rows still claimed under the delivery's token, so a delivery whose claim was taken over (it was too
// slow, its process was thought dead) can no longer change what the new owner does; and every outcome
// but "partly delivered" ends the claim.

/**
 * A notification's last statuses: delivered, nothing to deliver, or given up. Nothing moves a row
 * out of them; the rest (PENDING) is work still to do.
 */
export const SETTLED_STATUSES = ['SENT', 'SKIPPED', 'DEAD'] as const;

const RELEASED = { claimedBy: null, claimedUntil: null } as const;
const ERROR_CHARS = 1000;

export function claimedRows(db: Db, token: string) {
  const mine = (ids: number[]) => ({ id: { in: ids }, claimedBy: token });
  return {
    /** SKIPPED: its template rendered nothing; SENT: every part was delivered by an earlier attempt */
    async settle(ids: number[], status: 'SKIPPED' | 'SENT', at: Date): Promise<void> {
      if (ids.length === 0) return;
      await db.prisma.notification.updateMany({
        where: mine(ids),
        data: { status, sentAt: at, ...RELEASED },
      });
    },

    /** handed back untouched (the dispatcher is stopping): another run sends them */
    async release(ids: number[]): Promise<void> {
      await db.prisma.notification.updateMany({ where: mine(ids), data: RELEASED });
    },

    /** some of a long notification's parts are out: a retry starts after them */
    async partlyDelivered(id: number, providerMessageIds: string): Promise<void> {
      await db.prisma.notification.updateMany({
        where: mine([id]),
        data: { providerMessageId: providerMessageIds },
      });
    },

    async sent(ids: number[], providerMessageIds: string, at: Date): Promise<void> {
      await db.prisma.notification.updateMany({
        where: mine(ids),
        data: {
          status: 'SENT',
          sentAt: at,
          providerMessageId: providerMessageIds,
          lastError: null,
          ...RELEASED,
        },
      });
    },

    /**
     * Try again at `retryAt`; rows that have now failed `maxAttempts` times are given up. How many were.
     * A platform's "not now" (a rate limit with its wait) is no failed attempt: `counted` false.
     */
    async retryLater(
      ids: number[],
      retryAt: Date,
      error: string,
      maxAttempts: number,
      counted = true,
    ): Promise<number> {
      await db.prisma.notification.updateMany({
        where: mine(ids),
        data: {
          attempts: { increment: counted ? 1 : 0 },
          nextAttemptAt: retryAt,
          lastError: error.slice(0, ERROR_CHARS),
          ...RELEASED,
        },
      });
      const gaveUp = await db.prisma.notification.updateMany({
        where: { id: { in: ids }, status: 'PENDING', attempts: { gte: maxAttempts } },
        data: { status: 'DEAD' },
      });
      return gaveUp.count;
    },

    /** It cannot be rendered (a template or payload that does not match): given up at once. */
    async unrenderable(id: number, error: string): Promise<void> {
      await db.prisma.notification.updateMany({
        where: mine([id]),
        data: { status: 'DEAD', lastError: `render: ${error}`.slice(0, ERROR_CHARS), ...RELEASED },
      });
    },

    /**
     * The platform refused for good. When the recipient itself is gone (blocked the bot, chat
     * deleted), everything else waiting for it would fail the same way, and the identities it
     * stands for stop receiving until the customer is heard from again.
     */
    async dead(
      ids: number[],
      error: string,
      gone: { channel: string; recipient: string; at: Date } | null,
    ): Promise<void> {
      await db.tx(async (tx) => {
        await tx.notification.updateMany({
          where: mine(ids),
          data: {
            status: 'DEAD',
            attempts: { increment: 1 },
            lastError: error.slice(0, ERROR_CHARS),
            ...RELEASED,
          },
        });
        if (!gone) return;
        await tx.notification.updateMany({
          where: { channel: gone.channel, recipient: gone.recipient, status: 'PENDING' },
          data: { status: 'DEAD', lastError: `recipient unreachable: ${error}`.slice(0, ERROR_CHARS) },
        });
        await tx.identity.updateMany({
          where: {
            platform: gone.channel,
            unreachableAt: null,
            OR: [{ address: gone.recipient }, { address: null, externalId: gone.recipient }],
          },
          data: { unreachableAt: gone.at },
        });
      });
    },
  };
}

export type ClaimedRows = ReturnType<typeof claimedRows>;
