import type { Clock } from '../clock.ts';
import type { Db } from '../db/client.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';

// "Only once across every instance": the first caller to record a key wins, everyone after it
// (a re-delivered update, a second instance, a poll and a hook seeing the same import) is told no.
// The keys live in ProcessedUpdate, one namespace (scope) per user of it. Whoever claims in a scope
// says how long its keys can come back (`keep`); the core's hourly `prune` job forgets them after that.

export function onceClaims(db: Db, clock: Clock) {
  const kept = new Map<string, number>();
  return {
    /** Claims of `scope` older than `ageMs` can no longer come back and are forgotten by `forgetExpired`. */
    keep(scope: string, ageMs: number): void {
      kept.set(scope, ageMs);
    },
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
    /** Forgets the claims each scope said it no longer needs (`keep`); how many. Scopes that said nothing keep all. */
    async forgetExpired(): Promise<number> {
      let forgotten = 0;
      for (const [scope, ageMs] of kept) {
        const before = new Date(clock.now().getTime() - ageMs);
        const { count } = await db.prisma.processedUpdate.deleteMany({
          where: { platform: scope, at: { lt: before } },
        });
        forgotten += count;
      }
      return forgotten;
    },
  };
}

export type OnceClaims = ReturnType<typeof onceClaims>;
