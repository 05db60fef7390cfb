import type { ChannelSpec } from '../../src/index.ts';

// What the notification pipeline knows of Telegram. The pacer counts a destination's interval from
// Telegram's answer to the previous message, so these are Telegram's own limits without a margin
// for network delay.

export const TELEGRAM_CHANNEL: ChannelSpec = {
  name: 'telegram',
  format: 'html',
  audiences: ['CUSTOMER'],
  limits: {
    maxChars: 4096,
    perDestination: { count: 1, perMs: 1000 },
    // Telegram allows about 30 messages per second; 25 leaves room for the bot's own replies.
    total: { count: 25, perMs: 1000 },
  },
};
