import { SlashCommandBuilder } from 'discord.js';
import { count, name, when } from '../format.ts';
import { parseOptions, type SlashCommand } from './command.ts';
import {
  describe,
  filterSchema,
  filtersOf,
  keywordOption,
  maxLengthOption,
  minScoreOption,
  zoneOption,
} from './filters.ts';

// /drops [keyword] [zone] [max_length] [min_score]: the names about to drop that match, the best
// first (by quality score; equal scores by name).

const PAGE = 20;
const schema = filterSchema.pick({ keyword: true, zone: true, max_length: true, min_score: true }).strict();

export const drops: SlashCommand = {
  definition: new SlashCommandBuilder()
    .setName('drops')
    .setDescription('Names about to drop (best first)')
    .addStringOption(keywordOption())
    .addStringOption(zoneOption())
    .addIntegerOption(maxLengthOption())
    .addIntegerOption(minScoreOption())
    .toJSON(),
  ephemeral: false,
  async run(invocation, core) {
    const filters = filtersOf(parseOptions(schema, invocation.options));
    const found = await core.search.search({ ...filters, sort: 'score', order: 'desc', pageSize: PAGE });
    const head = `**Dropping soon, best first** (${describe(filters)})`;
    if (found.total === 0) return `${head}\nNo listed name matches.`;
    const shown = found.total > found.items.length ? `, the first ${found.items.length}` : '';
    return [
      `${head}: ${count(found.total, 'name')}${shown}`,
      ...found.items.map((i) => `${name(i.fqdn)} · ${when(i.dropAt)} · score ${i.score}`),
    ].join('\n');
  },
};
