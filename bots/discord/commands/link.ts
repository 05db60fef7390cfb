import { Routes, SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import type { Core } from '../../../src/index.ts';
import { linkedCustomer, PLATFORM, userOf } from '../account.ts';
import { esc } from '../format.ts';
import { type CommandDeps, parseOptions, type SlashCommand } from './command.ts';

// /link code:<code> attaches the member's Discord account to the customer account whose one-time
// code it is (from the Telegram bot's /link); /unlink removes it. The core checks the code (hashed,
// 10 minutes, once) and limits wrong guesses per Discord user. Once linked, the app opens a DM
// channel with the member and keeps it as the identity's address, so the customer's notifications
// come here too; if Discord refuses the DM, the link stands and notifications stay in Telegram.
//
// A Discord account linked to another customer is refused (unlink it first): a code never moves an
// account between customers silently. A customer linking a second Discord account replaces the first.

const linkSchema = z.object({ code: z.string().trim().min(1, 'must not be empty').max(32) }).strict();
const noOptions = z.object({}).strict();

/** The DM channel with the user (Discord returns the existing one), or null when refused. */
async function openDm({ rest, log }: CommandDeps, userId: string): Promise<string | null> {
  try {
    const channel = (await rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as {
      id?: unknown;
    };
    return typeof channel.id === 'string' ? channel.id : null;
  } catch (error) {
    log.warn('discord: no DM channel for a linked user', { user: userId, error });
    return null;
  }
}

async function runLink(invocation: Parameters<SlashCommand['run']>[0], core: Core, deps: CommandDeps) {
  const userId = userOf(invocation);
  const { code } = parseOptions(linkSchema, invocation.options);
  const linked = await core.customers.redeemLinkCode({
    platform: PLATFORM,
    externalId: userId,
    code,
    actor: `${PLATFORM}:${userId}`,
  });
  const dm = await openDm(deps, userId);
  const reachable = dm !== null && (await core.customers.setIdentityAddress(PLATFORM, userId, dm));
  const lines = [
    linked.already
      ? `Your Discord account was linked to the customer account **${esc(linked.customer.name)}** already: nothing changed.`
      : `✅ Your Discord account is now linked to the customer account **${esc(linked.customer.name)}**.`,
  ];
  if (linked.replaced.length) lines.push('It replaces the Discord account that was linked to it before.');
  lines.push(
    'You can now use **/backorder** and **/mybackorders** here. Balance, top-ups and everything else stay in the Telegram bot.',
    reachable
      ? 'Notifications about your backorders come here too, as direct messages from this app.'
      : 'I could not open a direct message with you, so notifications about your backorders come in Telegram only.',
    '**/unlink** removes the link.',
  );
  return lines.join('\n');
}

export const link: SlashCommand = {
  definition: new SlashCommandBuilder()
    .setName('link')
    .setDescription(
      'Link your Discord account to your customer account (code from /link in our Telegram bot)',
    )
    .addStringOption((o) =>
      o
        .setName('code')
        .setDescription('the one-time code the Telegram bot gave you')
        .setRequired(true)
        .setMaxLength(32),
    )
    .toJSON(),
  ephemeral: true,
  run: runLink,
};

export const unlink: SlashCommand = {
  definition: new SlashCommandBuilder()
    .setName('unlink')
    .setDescription('Unlink your Discord account from your customer account')
    .toJSON(),
  ephemeral: true,
  async run(invocation, core) {
    parseOptions(noOptions, invocation.options);
    const { userId, customer } = await linkedCustomer(invocation, core);
    await core.customers.unlink(PLATFORM, userId, `${PLATFORM}:${userId}`);
    return [
      `Your Discord account is no longer linked to the customer account **${esc(customer.name)}**.`,
      'Your backorders are unchanged; the Telegram bot has them all. /link with a new code links again.',
    ].join('\n');
  },
};
