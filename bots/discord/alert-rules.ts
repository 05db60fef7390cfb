import { z } from 'zod';
import { type Core, type WatchRule, watchRules } from '../../src/index.ts';
import type { Filters } from './commands/filters.ts';

// A Discord channel's alert rules: WatchRule rows without a customer, platform 'discord', keyed by
// the channel, kept by the core's saved-search store (src/watch, shared with Telegram's /watch).
// The query column holds the core's search query (the Filters subset) as JSON.

const PLATFORM = 'discord';

export interface AlertRule {
  id: number;
  channelId: string;
  name: string | null;
  filters: Filters;
  createdAt: Date;
}

const stored: z.ZodType<Filters> = z.object({
  keyword: z.string().optional(),
  zones: z.array(z.string()).optional(),
  maxLength: z.number().int().optional(),
  noDigits: z.boolean().optional(),
  noHyphens: z.boolean().optional(),
});

const ruleOf = (r: WatchRule<Filters>): AlertRule => ({
  id: r.id,
  channelId: r.channelId ?? '',
  name: r.name,
  filters: r.query,
  createdAt: r.createdAt,
});

export function alertRules(core: Core) {
  const rules = watchRules(core, PLATFORM, stored);
  return {
    add: async (channelId: string, filters: Filters, name: string | null): Promise<AlertRule> =>
      ruleOf(await rules.add({ channelId }, filters, name)),
    list: async (channelId: string): Promise<AlertRule[]> => (await rules.list({ channelId })).map(ruleOf),
    /** Only rules of this channel: a member managing one channel cannot remove another's. */
    remove: (channelId: string, id: number): Promise<boolean> => rules.remove({ channelId }, id),
  };
}

export type AlertRules = ReturnType<typeof alertRules>;
