import type { BotModule, StartedBot } from '../bot.ts';
import { type BuildOptions, buildBot } from './bot.ts';
import { type Connection, type ConnectOptions, startPolling, startWebhook } from './connect.ts';
import type { BotDeps } from './context.ts';
import { TelegramChannel } from './telegram-channel.ts';
import { mountMiniAppApi } from './webapp/api.ts';
import { APP_PATH, mountMiniAppFiles } from './webapp/static.ts';
import { WEBHOOK_PATH, type WebhookRoute, webhookRoute } from './webhook.ts';

// The customer bot (grammY): long polling by default, webhook mode at POST /telegram/webhook when
// TELEGRAM_WEBHOOK_URL is set (then several instances can share the load), and the Telegram
// notification channel (which also carries the alerts of customers' saved searches). The Mini App
// is served beside it: its page at /app/ and its API at /app/api/, signed in by Telegram's initData.

export type TelegramOptions = BuildOptions &
  ConnectOptions & {
    /** where the Mini App's built files are (default: dist/app) */
    miniAppDir?: string;
  };

export function createTelegramBot(opts: TelegramOptions = {}): BotModule {
  return {
    async start({ core, config, log, http }): Promise<StartedBot> {
      const deps: BotDeps = { core, config, log: log.child({ bot: 'telegram' }) };
      const bot = buildBot(deps, opts);
      let connection: Connection;
      let mode: string;
      let webhook: WebhookRoute | undefined;
      if (config.TELEGRAM_WEBHOOK_URL) {
        webhook = webhookRoute(bot, deps, config.TELEGRAM_WEBHOOK_SECRET!);
        http.route('POST', WEBHOOK_PATH, webhook.handler, {
          requiredHeaders: ['x-telegram-bot-api-secret-token'],
        });
        connection = startWebhook(bot, deps, opts);
        mode = `webhook at POST ${WEBHOOK_PATH} for ${new URL(config.TELEGRAM_WEBHOOK_URL).host}`;
      } else {
        connection = startPolling(bot, deps, opts);
        mode = 'long polling';
      }
      mountMiniAppApi({ ...deps, http });
      const app = mountMiniAppFiles(http, opts.miniAppDir)
        ? `Mini App at ${APP_PATH}${config.TELEGRAM_WEBAPP_URL ? '' : ' (menu button off: no TELEGRAM_WEBAPP_URL)'}`
        : 'Mini App not built (npm run build)';
      const payments = config.TELEGRAM_PAYMENTS_PROVIDER_TOKEN
        ? 'Telegram Payments on'
        : 'top-up by transfer (no payments token)';
      return {
        summary: `telegram: ${mode}, ${payments}, ${app}${opts.botInfo ? ` as @${opts.botInfo.username}` : ''}`,
        // The dispatcher's channel has its own Api: no auto-retry, it reschedules on 429 itself.
        channels: [
          new TelegramChannel({ token: config.TELEGRAM_BOT_TOKEN!, apiRoot: config.TELEGRAM_API_ROOT }),
        ],
        async stop() {
          await Promise.all([connection.stop(), webhook?.stop()]);
        },
      };
    },
  };
}

export const telegramBot = createTelegramBot();
