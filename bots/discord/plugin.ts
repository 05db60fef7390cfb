import type { Config } from '../../src/index.ts';
import type { BotPlugin } from '../plugin.ts';
import { DISCORD_CHANNEL, discordRoutes } from './channel-spec.ts';

export const commandsConfigured = (c: Config) =>
  Boolean(c.DISCORD_APPLICATION_ID && c.DISCORD_PUBLIC_KEY && c.DISCORD_BOT_TOKEN);

export const discordPlugin: BotPlugin = {
  name: 'discord',
  enabledBy:
    'DISCORD_APPLICATION_ID + DISCORD_PUBLIC_KEY + DISCORD_BOT_TOKEN (commands), DISCORD_WEBHOOK_URL (alerts)',
  isConfigured: (c) => commandsConfigured(c) || Boolean(c.DISCORD_WEBHOOK_URL),
  channel: DISCORD_CHANNEL,
  routes: discordRoutes,
  load: () => import('./index.ts').then((m) => m.discordBot),
};
