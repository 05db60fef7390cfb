import { SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { normaliseZone } from '../../../src/index.ts';
import { esc, money } from '../format.ts';
import { parseOptions, type SlashCommand } from './command.ts';

// /price zone: what a backorder in that zone costs, in every currency the reseller prices it in.

const schema = z.object({ zone: z.string().trim().min(1, 'must not be empty').max(63) }).strict();

export const price: SlashCommand = {
  definition: new SlashCommandBuilder()
    .setName('price')
    .setDescription('What a backorder costs in a zone')
    .addStringOption((o) =>
      o.setName('zone').setDescription('the zone, e.g. com').setRequired(true).setMaxLength(63),
    )
    .toJSON(),
  ephemeral: false,
  async run(invocation, core) {
    const zone = normaliseZone(parseOptions(schema, invocation.options).zone);
    const prices = (await core.pricing.list()).filter((p) => p.zone === zone && p.amount > 0n);
    if (prices.length === 0) return `Backorders for **.${esc(zone)}** are not offered.`;
    const amounts = prices.map((p) => money(p.amount, p.currency)).join(' or ');
    return `A backorder for a **.${esc(zone)}** name costs ${amounts}, charged only if the name is caught for you.`;
  },
};
