import type { Clock } from '../clock.ts';
import type { Db } from '../db/client.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import { Prisma } from '../generated/sqlite/client.ts';
import { deleteInBatches, PRUNE_BATCH, sqlInstant } from '../retention/batches.ts';

// "Only once across every instance": the first caller to record a key wins, everyone after it
// (a re-delivered update, a second instance, a poll and a hook seeing the same import) is told no.
// The keys live in ProcessedUpdate, one namespace (scope) per user of it. The core's hourly `prune`
// job forgets a key after RETAIN_PROCESSED_UPDATES_DAYS (`retainMs`), or after longer when its scope
// says its keys can come back for longer (`keep`): a too short setting cannot let a key come back.

export function onceClaims(db: Db, clock: Clock, retainMs: number, batch = PRUNE_BATCH) {
  const kept = new Map<string, number>();
  return {
    /** Claims of `scope` can come back for `ageMs`: they are kept at least that long. */
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
    /** Forgets the claims older than their scope's retention, in batches; how many. */
    async forgetExpired(): Promise<number> {
      const now = clock.now().getTime();
      const longer = [...kept].filter(([, ageMs]) => ageMs > retainMs);
      const forget = (olderThanMs: number, scopes: Prisma.Sql) => {
        const before = sqlInstant(db, new Date(now - olderThanMs));
        return deleteInBatches(
          batch,
          (limit) =>
            db.prisma.$executeRaw`
            DELETE FROM "ProcessedUpdate" WHERE ("platform", "updateId") IN (
              SELECT "platform", "updateId" FROM "ProcessedUpdate"
              WHERE "at" < ${before} AND ${scopes}
              LIMIT ${limit})`,
        );
      };
      let forgotten = 0;
      for (const [scope, ageMs] of longer)
        forgotten += await forget(ageMs, Prisma.sql`"platform" = ${scope}`);
      forgotten += await forget(
        retainMs,
        longer.length === 0
          ? Prisma.sql`1 = 1`
          : Prisma.sql`"platform" NOT IN (${Prisma.join(longer.map(([scope]) => scope))})`,
      );
      return forgotten;
    },
  };
}

export type OnceClaims = ReturnType<typeof onceClaims>;
