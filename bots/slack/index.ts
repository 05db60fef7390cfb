import { SocketModeReceiver } from '@slack/bolt';
import type { BotModule } from '../bot.ts';
import { createSlackApp } from './app.ts';
import { slackChannel } from './channel.ts';
import type { Feature } from './command.ts';
import { customers } from './customers.ts';
import { helpFeature } from './help.ts';
import { importFeature } from './import.ts';
import { jobs } from './jobs.ts';
import { boltLogger } from './logger.ts';
import { logs } from './logs.ts';
import { manageFeature } from './manage.ts';
import { pricing } from './pricing.ts';
import { SharedServerReceiver } from './receiver.ts';
import { score } from './score.ts';
import { stats } from './stats.ts';

// The staff app (Slack, Bolt): `/backorder …` for the reseller's staff, and the `slack` notification
// channel for staff alerts. HTTP mode mounts POST /slack/events on the project's server; with
// SLACK_APP_TOKEN it uses Socket Mode instead, connecting in the background so an unreachable Slack
// delays the staff app without stopping the service.

export const EVENTS_PATH = '/slack/events';

/** every sub-command, in the order `help` lists them */
function staffFeatures(): Feature[] {
  const features = [manageFeature, pricing, score, logs, customers, stats, importFeature, jobs];
  return [...features, helpFeature(features.flatMap((f) => f.commands))];
}

export const slackBot: BotModule = {
  async start({ core, config, log, http }) {
    const slog = log.child({ bot: 'slack' });
    const token = config.SLACK_BOT_TOKEN!;
    const socket = config.SLACK_APP_TOKEN;
    const receiver = socket
      ? new SocketModeReceiver({
          appToken: socket,
          logger: boltLogger(slog),
          installerOptions: { clientOptions: { slackApiUrl: config.SLACK_API_URL } },
        })
      : new SharedServerReceiver({
          http,
          path: EVENTS_PATH,
          signingSecret: config.SLACK_SIGNING_SECRET!,
          clock: core.clock,
          log: slog,
        });
    const app = createSlackApp({ core, config, log: slog, receiver, features: staffFeatures() });
    if (socket) {
      void app.start().catch((e) => slog.error('slack socket mode could not connect', { error: e }));
    } else {
      await app.start();
    }
    const staff = config.SLACK_ADMIN_USER_IDS.length;
    const parts = [
      socket ? 'Socket Mode' : `HTTP at POST ${EVENTS_PATH}`,
      staff ? `${staff} staff user(s)` : 'SLACK_ADMIN_USER_IDS is empty, so every command is refused',
      config.SLACK_ALERT_CHANNEL
        ? `alerts to ${config.SLACK_ALERT_CHANNEL}`
        : 'no staff alerts (set SLACK_ALERT_CHANNEL)',
    ];
    return {
      summary: `slack: ${parts.join(', ')}`,
      channels: [slackChannel({ token, apiUrl: config.SLACK_API_URL, log: slog })],
      stop: async () => {
        await app.stop();
      },
    };
  },
};
