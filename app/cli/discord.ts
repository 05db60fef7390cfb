import { UsageError } from '../../src/errors.ts';
import type { Command } from './command.ts';

// `backorder discord register [--guild ID]`: puts the community app's slash commands in place with
// one bulk overwrite (commands removed from the code disappear from Discord too). A guild's
// commands show at once, which suits testing; global ones are for production. discord.js and the
// command definitions load only when this command runs: every other command (and --help) would
// otherwise pay a second and more for them.

export const discordCommands: Command[] = [
  {
    path: ['discord', 'register'],
    summary: 'register the Discord slash commands (globally, or in one server for testing)',
    usage: '[--guild ID]',
    help: 'Needs DISCORD_APPLICATION_ID and DISCORD_BOT_TOKEN.\nExample: backorder discord register --guild 123456789012345678',
    options: { guild: { type: 'string' } },
    async run(ctx, { values }) {
      const { DISCORD_APPLICATION_ID: app, DISCORD_BOT_TOKEN: token, DISCORD_API_URL: api } = ctx.config;
      if (!app || !token) throw new UsageError('set DISCORD_APPLICATION_ID and DISCORD_BOT_TOKEN first');
      const guild = values.guild as string | undefined;
      if (guild !== undefined && !/^\d{17,20}$/.test(guild))
        throw new UsageError(`--guild must be a server id (got "${guild}")`);
      const [{ REST, Routes }, { slashCommands }] = await Promise.all([
        import('discord.js'),
        import('../../bots/discord/commands/index.ts'),
      ]);
      const rest = new REST({ api, version: '10' }).setToken(token);
      const route = guild ? Routes.applicationGuildCommands(app, guild) : Routes.applicationCommands(app);
      const registered = (await rest.put(route, { body: slashCommands.map((c) => c.definition) })) as Array<{
        id: string;
        name: string;
      }>;
      const items = registered.map((c) => ({ id: c.id, name: c.name }));
      ctx.emit({ scope: guild ? { guild } : 'global', items });
      ctx.say(
        `registered ${items.map((c) => `/${c.name}`).join(', ')} ${guild ? `in server ${guild}` : 'globally (may take a while to show)'}`,
      );
      return 0;
    },
  },
];
