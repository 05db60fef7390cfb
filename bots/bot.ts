import type { Config, Core, HttpServer, Logger, NotificationChannel } from '../src/index.ts';

// What every chat adapter is to the composition root once loaded: it starts on the shared core and
// HTTP server, contributes notification channels, and stops cleanly.

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

/** An adapter, loaded: its plugin (bots/plugin.ts) says when it is on. */
export interface BotModule {
  start(deps: BotDeps): Promise<StartedBot>;
}
