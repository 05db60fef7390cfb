import { SlashCommandBuilder } from 'discord.js';
import { count, name, when } from '../format.ts';
import { parseOptions, type SlashCommand } from './command.ts';
import { describe, filterSchema, filtersOf, keywordOption, maxLengthOption, zoneOption } from './filters.ts';

// /drops [keyword] [zone] [max_length]: the next names to drop that match, soonest first.

const PAGE = 20;
const schema = filterSchema.pick({ keyword: true, zone: true, max_length: true }).strict();

export const drops: SlashCommand = {
  definition: new SlashCommandBuilder()
    .setName('drops')
    .setDescription('Names about to drop (soonest first)')
    .addStringOption(keywordOption())
    .addStringOption(zoneOption())
    .addIntegerOption(maxLengthOption())
    .toJSON(),
  ephemeral: false,
  async run(invocation, core) {
    const filters = filtersOf(parseOptions(schema, invocation.options));
    const found = await core.search.search({ ...filters, pageSize: PAGE });
    const head = `**Dropping soon** (${describe(filters)})`;
    if (found.total === 0) return `${head}\nNo listed name matches.`;
    const shown = found.total > found.items.length ? `, the first ${found.items.length}` : '';
    return [
      `${head}: ${count(found.total, 'name')}${shown}`,
      ...found.items.map((i) => `${name(i.fqdn)} · ${when(i.dropAt)}`),
    ].join('\n');
  },
};
