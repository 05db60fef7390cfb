import { SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { DAY, utcText } from '../../../src/index.ts';
import { linkedCustomer } from '../account.ts';
import { money, name as shown } from '../format.ts';
import { parseOptions, type SlashCommand } from './command.ts';

// /backorder name:<fqdn> [lite:true] for a linked member: the same core call and rules as the
// Telegram bot's /backorder. Placing is free; the answer says when the name drops (or that we do not
// know yet), what it costs, that nothing is charged until it is caught, that the price must be
// available 3 days before the drop (top-ups are in the Telegram bot), and until when it can be
// cancelled (the finalization deadline).

/** The lifecycle holds the price this long before the drop (ACTIVE). */
const FUNDS_BEFORE_DROP_MS = 3 * DAY;

const schema = z
  .object({ name: z.string().trim().min(1, 'must not be empty').max(253), lite: z.boolean().optional() })
  .strict();

export const backorder: SlashCommand = {
  definition: new SlashCommandBuilder()
    .setName('backorder')
    .setDescription('Backorder a domain name for your linked customer account')
    .addStringOption((o) =>
      o
        .setName('name')
        .setDescription('the whole name, e.g. example.com')
        .setRequired(true)
        .setMaxLength(253),
    )
    .addBooleanOption((o) =>
      o
        .setName('lite')
        .setDescription(
          'Backorder Lite: a lower price, after every regular backorder of the name, no auction',
        ),
    )
    .toJSON(),
  ephemeral: true,
  async run(invocation, core) {
    const { name, lite = false } = parseOptions(schema, invocation.options);
    const { customer, actor } = await linkedCustomer(invocation, core);
    const b = await core.backorders.place(customer.id, name, { actor, lite });
    const funds = await core.billing.balances(customer.id);
    const price = money(b.price, b.currency);
    const lines = [
      `✅ Backorder placed: **${shown(b.fqdn)}** (#${b.id})`,
      b.dropAt ? `Drop: ${utcText(b.dropAt)}` : 'Drop time: not known yet. We watch the drop list for it.',
      `Price: ${price}. Nothing is charged until we catch the name: you pay only on success.`,
      b.dropAt
        ? `${price} must be available on your balance by ${utcText(new Date(b.dropAt.getTime() - FUNDS_BEFORE_DROP_MS))} (3 days before the drop), when it is held for this name.`
        : `${price} must be available on your balance 3 days before the drop, when it is held for this name.`,
    ];
    if (b.finalizesAt)
      lines.push(`You can cancel until ${utcText(b.finalizesAt)} (the finalization deadline).`);
    if (b.lite)
      lines.push(
        'Backorder Lite: regular backorders of this name come first, and Lite backorders are not invited to auctions.',
      );
    const short = b.price - funds.available;
    if (short > 0n)
      lines.push(
        `Available now: ${money(funds.available, funds.currency)}. Please top up ${money(short, funds.currency)} before then (/topup in our Telegram bot).`,
      );
    return lines.join('\n');
  },
};
