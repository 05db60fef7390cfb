import { SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { notableNames } from '../../../src/index.ts';
import { count, name, when } from '../format.ts';
import { parseOptions, type SlashCommand } from './command.ts';

// /upcoming: how many names drop on each of the coming days, and the best names by score in the
// zones we sell.

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
    const notable = (await notableNames(core, NOTABLE)).slice(0, NOTABLE);
    if (notable.length) {
      lines.push('', '**Best names** (by quality score, in zones we sell)');
      lines.push(...notable.map((i) => `${name(i.fqdn)} · ${when(i.dropAt)} · score ${i.score}`));
    }
    return lines.join('\n');
  },
};
