import type { Clock } from '../clock.ts';
import type { Db } from '../db/client.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';

// "Only once across every instance": the first caller to record a key wins, everyone after it
// (a re-delivered update, a second instance, a poll and a hook seeing the same import) is told no.
// The keys live in ProcessedUpdate, one namespace per platform.

export function onceClaims(db: Db, clock: Clock) {
  return {
    /** True for the one caller that records `key` first within `scope`; false for every later one. */
    async claim(scope: string, key: string): Promise<boolean> {
      try {
        await db.prisma.processedUpdate.create({ data: { platform: scope, updateId: key, at: clock.now() } });
        return true;
      } catch (e) {
        if (isUniqueViolation(e)) return false;
        throw e;
      }
    },
    /** Forgets the claims of `scope` older than `ageMs`, whose keys can no longer come back; how many. */
    async forgetOlderThan(scope: string, ageMs: number): Promise<number> {
      const before = new Date(clock.now().getTime() - ageMs);
      const { count } = await db.prisma.processedUpdate.deleteMany({
        where: { platform: scope, at: { lt: before } },
      });
      return count;
    },
  };
}

export type OnceClaims = ReturnType<typeof onceClaims>;
