import type { Clock } from '../clock.ts';
import type { Db } from '../db/client.ts';

// What a bot waits for in a chat (the answer to a question it asked), kept in the database so that
// the answer may reach any instance behind a load balancer, and a restart forgets nothing. Values
// are the adapter's own JSON; a row past its expiry reads as absent and is pruned later.

export function chatStateStore(db: Db, clock: Clock) {
  return {
    async read(key: string): Promise<string | undefined> {
      const row = await db.prisma.chatState.findUnique({ where: { key } });
      return row && row.expiresAt > clock.now() ? row.value : undefined;
    },

    async write(key: string, value: string, ttlMs: number): Promise<void> {
      const expiresAt = new Date(clock.now().getTime() + ttlMs);
      await db.prisma.chatState.upsert({
        where: { key },
        create: { key, value, expiresAt },
        update: { value, expiresAt },
      });
    },

    async remove(key: string): Promise<void> {
      await db.prisma.chatState.deleteMany({ where: { key } });
    },

    /** Deletes expired rows; returns how many. */
    async prune(): Promise<number> {
      const { count } = await db.prisma.chatState.deleteMany({ where: { expiresAt: { lte: clock.now() } } });
      return count;
    },
  };
}

export type ChatStateStore = ReturnType<typeof chatStateStore>;
