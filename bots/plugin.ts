import type { ChannelSpec, Config, Route } from '../src/index.ts';
import type { BotModule } from './bot.ts';

/**
 * What the composition root knows of an adapter before it starts: its name, what turns it on, what
 * it is to the notification pipeline, and how to load it. The adapter's module (and its client library: discord.js, Bolt, grammY) loads only
 * when it is configured, so a service without a platform never pays for its library.
 */
export interface BotPlugin {
  name: string;
  /** the variables that turn it on, for the "off" line of the start-up summary */
  enabledBy: string;
  isConfigured(config: Config): boolean;
  /** its notification channel: limits, markup, the audiences its templates serve */
  channel: ChannelSpec;
  /** where staff and community events go on it, from the configuration (whether or not it runs here) */
  routes(config: Config): Route[];
  load(): Promise<BotModule>;
}
