import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import type { Core } from '../../../src/index.ts';
import { alertRules } from '../alert-rules.ts';
import { Refusal } from '../errors.ts';
import { count, esc } from '../format.ts';
import type { Invocation } from '../payload.ts';
import { parseOptions, type SlashCommand } from './command.ts';
import {
  describe,
  filterSchema,
  filtersOf,
  keywordOption,
  maxLengthOption,
  minScoreOption,
  noDigitsOption,
  noHyphensOption,
  zoneOption,
} from './filters.ts';

// /alerts add|list|remove: a channel's alert rules, each a saved search whose matches the channel
// gets in a digest after every drop-list import. Only members who may manage the server change them.

/** Each rule is a section of every digest: a few per channel keep digests readable. */
export const MAX_RULES_PER_CHANNEL = 10;

const addSchema = filterSchema.extend({ name: z.string().trim().min(1).max(100).optional() }).strict();
const removeSchema = z.object({ id: z.number().int().min(1) }).strict();
const noOptions = z.object({}).strict();

/**
 * Discord sends the member's permissions in this channel as computed by Discord (an administrator
 * has every bit), so one bit test is the whole check. The command is also hidden from members
 * without the permission, but a server can override that: the check here is the one that counts.
 */
function requireManageServer(invocation: Invocation): string {
  if (!invocation.guildId || !invocation.channelId || invocation.permissions === undefined) {
    throw new Refusal(
      'Alert rules belong to a server channel: use /alerts in the channel that should get the alerts.',
    );
  }
  if ((invocation.permissions & PermissionFlagsBits.ManageGuild) === 0n) {
    throw new Refusal('Sorry, only members with the **Manage Server** permission can change alert rules.');
  }
  return invocation.channelId;
}

async function add(channelId: string, invocation: Invocation, core: Core): Promise<string> {
  const { name, ...options } = parseOptions(addSchema, invocation.options);
  const filters = filtersOf(options);
  if (Object.keys(filters).length === 0) {
    throw new Refusal(
      'Give at least one filter (keyword, zone, max_length, no_digits or no_hyphens): a rule without one would match the whole drop list.',
    );
  }
  const rules = alertRules(core);
  if ((await rules.list(channelId)).length >= MAX_RULES_PER_CHANNEL) {
    throw new Refusal(
      `This channel already has ${MAX_RULES_PER_CHANNEL} alert rules, the most it can have. Remove one first (/alerts remove).`,
    );
  }
  // The core's search validates the filters (and tells how many names match today) before we keep them.
  const now = await core.search.search({ ...filters, pageSize: 1 });
  const rule = await rules.add(channelId, filters, name ?? null);
  return [
    `Alert rule **#${rule.id}** saved${name ? ` as “${esc(name)}”` : ''}: ${describe(filters)}.`,
    `This channel gets a digest of matching names after every drop-list update; ${count(now.total, 'name')} match today.`,
  ].join('\n');
}

async function list(channelId: string, core: Core): Promise<string> {
  const rules = await alertRules(core).list(channelId);
  if (rules.length === 0) return 'This channel has no alert rules. Add one with /alerts add.';
  return [
    `**Alert rules of this channel** (${rules.length})`,
    ...rules.map((r) => `**#${r.id}**${r.name ? ` ${esc(r.name)}` : ''}: ${describe(r.filters)}`),
  ].join('\n');
}

async function remove(channelId: string, invocation: Invocation, core: Core): Promise<string> {
  const { id } = parseOptions(removeSchema, invocation.options);
  if (!(await alertRules(core).remove(channelId, id))) {
    throw new Refusal(`This channel has no alert rule #${id}. /alerts list shows its rules.`);
  }
  return `Alert rule **#${id}** removed.`;
}

export const alerts: SlashCommand = {
  definition: new SlashCommandBuilder()
    .setName('alerts')
    .setDescription("This channel's drop alerts")
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((s) =>
      s
        .setName('add')
        .setDescription('Alert this channel to names matching these filters')
        .addStringOption(keywordOption())
        .addStringOption(zoneOption())
        .addIntegerOption(maxLengthOption())
        .addBooleanOption(noDigitsOption())
        .addBooleanOption(noHyphensOption())
        .addIntegerOption(minScoreOption())
        .addStringOption((o) => o.setName('name').setDescription('a name for the rule').setMaxLength(100)),
    )
    .addSubcommand((s) => s.setName('list').setDescription("This channel's alert rules"))
    .addSubcommand((s) =>
      s
        .setName('remove')
        .setDescription('Remove an alert rule of this channel')
        .addIntegerOption((o) =>
          o
            .setName('id')
            .setDescription('the rule number (see /alerts list)')
            .setRequired(true)
            .setMinValue(1),
        ),
    )
    .toJSON(),
  ephemeral: true,
  async run(invocation, core) {
    const channelId = requireManageServer(invocation);
    switch (invocation.subcommand) {
      case 'add':
        return add(channelId, invocation, core);
      case 'list':
        parseOptions(noOptions, invocation.options);
        return list(channelId, core);
      case 'remove':
        return remove(channelId, invocation, core);
      default:
        throw new Refusal('Use /alerts add, /alerts list or /alerts remove.');
    }
  },
};
