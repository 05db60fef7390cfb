import type { BotPlugin } from '../plugin.ts';

export const slackPlugin: BotPlugin = {
  name: 'slack',
  enabledBy: 'SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET (HTTP) or SLACK_APP_TOKEN (Socket Mode)',
  isConfigured: (c) => Boolean(c.SLACK_BOT_TOKEN && (c.SLACK_SIGNING_SECRET || c.SLACK_APP_TOKEN)),
  load: () => import('./index.ts').then((m) => m.slackBot),
};
