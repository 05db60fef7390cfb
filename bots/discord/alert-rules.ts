import { z } from 'zod';
import type { Core } from '../../src/index.ts';
import type { Filters } from './commands/filters.ts';

// A Discord channel's alert rules: WatchRule rows without a customer, platform 'discord', keyed by
// the channel. The query column holds the core's search query (the Filters subset) as JSON.

const PLATFORM = 'discord';

export interface AlertRule {
  id: number;
  channelId: string;
  name: string | null;
  filters: Filters;
  createdAt: Date;
}

const stored = z.object({
  keyword: z.string().optional(),
  zones: z.array(z.string()).optional(),
  maxLength: z.number().int().optional(),
  noDigits: z.boolean().optional(),
  noHyphens: z.boolean().optional(),
});

type Row = { id: number; channelId: string | null; name: string | null; query: string; createdAt: Date };

const ruleOf = (r: Row): AlertRule => ({
  id: r.id,
  channelId: r.channelId ?? '',
  name: r.name,
  filters: stored.parse(JSON.parse(r.query)),
  createdAt: r.createdAt,
});

export function alertRules(core: Core) {
  const rules = core.db.prisma.watchRule;
  return {
    async add(channelId: string, filters: Filters, name: string | null): Promise<AlertRule> {
      const row = await rules.create({
        data: {
          platform: PLATFORM,
          customerId: null,
          channelId,
          name,
          query: JSON.stringify(filters),
          createdAt: core.clock.now(),
        },
      });
      return ruleOf(row);
    },
    async list(channelId: string): Promise<AlertRule[]> {
      const rows = await rules.findMany({
        where: { platform: PLATFORM, channelId, customerId: null },
        orderBy: { id: 'asc' },
      });
      return rows.map(ruleOf);
    },
    /** Only rules of this channel: a member managing one channel cannot remove another's. */
    async remove(channelId: string, id: number): Promise<boolean> {
      const { count } = await rules.deleteMany({
        where: { id, platform: PLATFORM, channelId, customerId: null },
      });
      return count > 0;
    },
    /** Every channel's rules, grouped by channel, for the digests. */
    async byChannel(): Promise<Map<string, AlertRule[]>> {
      const rows = await rules.findMany({
        where: { platform: PLATFORM, customerId: null, channelId: { not: null } },
        orderBy: { id: 'asc' },
      });
      const out = new Map<string, AlertRule[]>();
      for (const r of rows.map(ruleOf)) out.set(r.channelId, [...(out.get(r.channelId) ?? []), r]);
      return out;
    },
  };
}

export type AlertRules = ReturnType<typeof alertRules>;
