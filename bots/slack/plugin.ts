import type { BotPlugin } from '../plugin.ts';
import { SLACK_CHANNEL, slackRoutes } from './channel-spec.ts';

export const slackPlugin: BotPlugin = {
  name: 'slack',
  enabledBy: 'SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET (HTTP) or SLACK_APP_TOKEN (Socket Mode)',
  isConfigured: (c) => Boolean(c.SLACK_BOT_TOKEN && (c.SLACK_SIGNING_SECRET || c.SLACK_APP_TOKEN)),
  channel: SLACK_CHANNEL,
  routes: slackRoutes,
  load: () => import('./index.ts').then((m) => m.slackBot),
};
