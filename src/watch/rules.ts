import type { z } from 'zod';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/client.ts';

// Saved searches, one WatchRule row each: a customer's (Telegram /watch) or a Discord channel's
// alert rule (no customer). The query column holds a search query as JSON; each platform validates
// the subset it lets people save with its own schema, on write and again on read.

/** Whose rule it is: a customer's saved search, or a channel's alert rule. */
export type WatchOwner = { customerId: number } | { channelId: string };

export interface WatchRule<Q> {
  id: number;
  customerId: number | null;
  channelId: string | null;
  name: string | null;
  query: Q;
  /** the latest import whose new names this rule has been told about */
  lastImportId: number | null;
  createdAt: Date;
}

type Row = Omit<WatchRule<unknown>, 'query'> & { query: string };

/** Rules that have not been told about import `importId` yet. */
export const notHeardOf = (importId: number) => ({
  OR: [{ lastImportId: null }, { lastImportId: { lt: importId } }],
});

export function watchRules<Q>(deps: { db: Db; clock: Clock }, platform: string, schema: z.ZodType<Q>) {
  const rules = deps.db.prisma.watchRule;
  const ruleOf = (r: Row): WatchRule<Q> => ({ ...r, query: schema.parse(JSON.parse(r.query)) });
  const whereOwner = (owner: WatchOwner) =>
    'customerId' in owner
      ? { platform, customerId: owner.customerId }
      : { platform, channelId: owner.channelId, customerId: null };

  return {
    /**
     * Names already listed when the rule is made are not news to it: it starts from the latest
     * import, so its first alert holds only names that a later import brings.
     */
    async add(owner: WatchOwner, query: Q, name: string | null): Promise<WatchRule<Q>> {
      const latest = await deps.db.prisma.dropImport.findFirst({
        where: { ok: true },
        orderBy: { id: 'desc' },
        select: { id: true },
      });
      const row = await rules.create({
        data: {
          platform,
          customerId: 'customerId' in owner ? owner.customerId : null,
          channelId: 'channelId' in owner ? owner.channelId : null,
          name,
          query: JSON.stringify(schema.parse(query)),
          lastImportId: latest?.id ?? null,
          createdAt: deps.clock.now(),
        },
      });
      return ruleOf(row);
    },
    async list(owner: WatchOwner): Promise<WatchRule<Q>[]> {
      return (await rules.findMany({ where: whereOwner(owner), orderBy: { id: 'asc' } })).map(ruleOf);
    },
    count: (owner: WatchOwner) => rules.count({ where: whereOwner(owner) }),
    /** Only the owner's own rule: nobody removes another customer's or channel's rule by its number. */
    async remove(owner: WatchOwner, id: number): Promise<boolean> {
      const { count } = await rules.deleteMany({ where: { id, ...whereOwner(owner) } });
      return count > 0;
    },
  };
}
