import { SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { notableQuery } from '../../../src/index.ts';
import { count, name, when } from '../format.ts';
import { parseOptions, type SlashCommand } from './command.ts';

// /upcoming: how many names drop on each of the coming days, and the notable ones among the next.

const DAYS = 7;
const NOTABLE = 10;

export const upcoming: SlashCommand = {
  definition: new SlashCommandBuilder()
    .setName('upcoming')
    .setDescription('Drops of the coming days')
    .toJSON(),
  ephemeral: false,
  async run(invocation, core) {
    parseOptions(z.object({}).strict(), invocation.options);
    const days = await core.search.upcomingDays(DAYS);
    if (days.length === 0) return '**Coming drops**\nNo drops are listed for the coming days.';
    const lines = ['**Coming drops** (UTC days)', ...days.map((d) => `${d.date}: ${count(d.count, 'name')}`)];
    const rule = await notableQuery(core.pricing);
    if (rule) {
      const notable = await core.search.search({ ...rule, pageSize: NOTABLE });
      if (notable.items.length) {
        lines.push(
          '',
          `**Notable** (short names in zones we sell, ${notable.total.toLocaleString('en-US')} in all)`,
        );
        lines.push(...notable.items.map((i) => `${name(i.fqdn)} · ${when(i.dropAt)}`));
      }
    }
    return lines.join('\n');
  },
};
