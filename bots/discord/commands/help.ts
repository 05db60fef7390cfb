import { SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { LINK_STEPS } from '../account.ts';
import { parseOptions, type SlashCommand } from './command.ts';

// /help: every command of the app with what it does, and how a member links their customer account.

export function helpCommand(all: () => readonly SlashCommand[]): SlashCommand {
  return {
    definition: new SlashCommandBuilder().setName('help').setDescription('What this app can do').toJSON(),
    ephemeral: true,
    async run(invocation) {
      parseOptions(z.object({}).strict(), invocation.options);
      return [
        '**What this app can do**',
        ...all().map((c) => `**/${c.definition.name}** – ${c.definition.description}`),
        '',
        '**Your customer account here**: link your Discord account once:',
        LINK_STEPS,
        '/unlink removes the link. Balance, top-ups, cancelling and auctions stay in the Telegram bot.',
      ].join('\n');
    },
  };
}
