import type { Config, Core, HttpServer, Logger } from '../src/index.ts';
import type { NotificationChannel } from '../src/notify/channel.ts';

// What every chat adapter is to the composition root: something that may be configured, starts on
// the shared core and HTTP server, contributes notification channels, and stops cleanly.

export interface BotDeps {
  core: Core;
  config: Config;
  log: Logger;
  http: HttpServer;
}

export interface StartedBot {
  /** one line for the start-up summary, e.g. "telegram: long polling as @shop_bot" */
  summary: string;
  channels: NotificationChannel[];
  stop(): Promise<void>;
}

export interface BotModule {
  name: string;
  /** the variables that turn it on, for the "off" line of the start-up summary */
  enabledBy: string;
  isConfigured(config: Config): boolean;
  start(deps: BotDeps): Promise<StartedBot>;
}
