import type { ChannelLimits } from './channel.ts';

// The platforms' published limits, in one place so every channel adapter and the tests use the
// same numbers. The pacer counts a destination's interval from the platform's answer to the
// previous message, so these can be the platforms' own numbers without a margin for network delay.

export const TELEGRAM_LIMITS: ChannelLimits = {
  maxChars: 4096,
  perDestination: { count: 1, perMs: 1000 },
  // Telegram allows about 30 messages per second; 25 leaves room for the bot's own replies.
  total: { count: 25, perMs: 1000 },
};

export const SLACK_LIMITS: ChannelLimits = {
  // Slack refuses a block message whose blocks hold more than about 12 000 characters in all
  // (msg_blocks_too_long), although each section may hold 3 000: split below that.
  maxChars: 11_000,
  blocks: { maxChars: 3000, maxBlocks: 50 },
  perDestination: { count: 1, perMs: 1000 },
};

/** message content */
export const DISCORD_LIMITS: ChannelLimits = {
  maxChars: 2000,
  perDestination: { count: 5, perMs: 2000 },
};

/** messages sent as embeds: description 4096, at most 10 embeds and 6000 characters in all */
export const DISCORD_EMBED_LIMITS: ChannelLimits = {
  maxChars: 6000,
  blocks: { maxChars: 4096, maxBlocks: 10 },
  perDestination: { count: 5, perMs: 2000 },
};
