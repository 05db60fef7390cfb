import type { ChannelSpec, Config, Route } from '../../src/index.ts';

// What the notification pipeline knows of Slack: customers who linked a Slack account, and staff
// events in SLACK_ALERT_CHANNEL.

export const SLACK_CHANNEL: ChannelSpec = {
  name: 'slack',
  format: 'mrkdwn',
  audiences: ['CUSTOMER', 'STAFF'],
  limits: {
    // Slack refuses a block message whose blocks hold more than about 12 000 characters in all
    // (msg_blocks_too_long), although each section may hold 3 000: split below that.
    maxChars: 11_000,
    blocks: { maxChars: 3000, maxBlocks: 50 },
    perDestination: { count: 1, perMs: 1000 },
  },
};

export const slackRoutes = (config: Config): Route[] =>
  config.SLACK_ALERT_CHANNEL
    ? [{ audience: 'STAFF', channel: SLACK_CHANNEL.name, recipients: [config.SLACK_ALERT_CHANNEL] }]
    : [];
