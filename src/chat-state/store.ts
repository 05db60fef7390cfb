import type { Clock } from '../clock.ts';
import type { Db } from '../db/client.ts';
import { deleteInBatches, PRUNE_BATCH, sqlInstant } from '../retention/batches.ts';

// What a bot waits for in a chat (the answer to a question it asked), kept in the database so that
// the answer may reach any instance behind a load balancer, and a restart forgets nothing. Values
// are the adapter's own JSON; a row past its expiry reads as absent and is pruned later (by the
// hourly `prune` job): its expiry is its retention, there is nothing to keep it longer for.

export function chatStateStore(db: Db, clock: Clock, batch = PRUNE_BATCH) {
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

    /** Deletes expired rows, in batches; returns how many. */
    async prune(): Promise<number> {
      const now = sqlInstant(db, clock.now());
      return deleteInBatches(
        batch,
        (limit) => db.prisma.$executeRaw`
          DELETE FROM "ChatState" WHERE "key" IN (
            SELECT "key" FROM "ChatState" WHERE "expiresAt" <= ${now} LIMIT ${limit})`,
      );
    },
  };
}

export type ChatStateStore = ReturnType<typeof chatStateStore>;
