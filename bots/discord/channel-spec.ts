import type { ChannelSpec, Config, Route } from '../../src/index.ts';

// What the notification pipeline knows of Discord: linked customers' DMs, and community events on
// the webhook channel (DISCORD_WEBHOOK_URL) and in every channel with alert rules.

/** The recipient of community events on the channel named by DISCORD_WEBHOOK_URL. */
export const DISCORD_WEBHOOK_RECIPIENT = 'webhook';

export const DISCORD_CHANNEL: ChannelSpec = {
  name: 'discord',
  format: 'markdown',
  audiences: ['CUSTOMER', 'COMMUNITY'],
  /** messages go as embeds: description 4096, at most 10 embeds and 6000 characters in all */
  limits: {
    maxChars: 6000,
    blocks: { maxChars: 4096, maxBlocks: 10 },
    perDestination: { count: 5, perMs: 2000 },
  },
};

export const discordRoutes = (config: Config): Route[] => [
  {
    audience: 'COMMUNITY',
    channel: DISCORD_CHANNEL.name,
    recipients: config.DISCORD_WEBHOOK_URL ? [DISCORD_WEBHOOK_RECIPIENT] : [],
    ruleChannels: true,
  },
];
