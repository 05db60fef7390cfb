import type { Config } from '../src/index.ts';
import type { BotModule } from './bot.ts';

/**
 * What the composition root knows of an adapter before it starts: its name, what turns it on, and
 * how to load it. The adapter's module (and its client library: discord.js, Bolt, grammY) loads only
 * when it is configured, so a service without a platform never pays for its library.
 */
export interface BotPlugin {
  name: string;
  /** the variables that turn it on, for the "off" line of the start-up summary */
  enabledBy: string;
  isConfigured(config: Config): boolean;
  load(): Promise<BotModule>;
}
