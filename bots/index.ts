import type { ChannelSpec, Config, Route } from '../src/index.ts';
import type { BotDeps, StartedBot } from './bot.ts';
import { discordPlugin } from './discord/plugin.ts';
import type { BotPlugin } from './plugin.ts';
import { slackPlugin } from './slack/plugin.ts';
import { telegramPlugin } from './telegram/plugin.ts';

// Every adapter the service can run; main starts (and loads) those whose credentials are set.
const plugins: BotPlugin[] = [discordPlugin, slackPlugin, telegramPlugin];

/** Every platform's notification channel, as its adapter declares it. */
export const notificationChannels: ChannelSpec[] = plugins.map((p) => p.channel);

/** Where staff and community events go, as each adapter reads it from the configuration. */
export const notificationRoutes = (config: Config): Route[] => plugins.flatMap((p) => p.routes(config));

export interface BotsStatus {
  started: Array<StartedBot & { name: string }>;
  off: Array<{ name: string; enabledBy: string }>;
}

export async function startBots(deps: BotDeps): Promise<BotsStatus> {
  const status: BotsStatus = { started: [], off: [] };
  for (const m of plugins) {
    if (!m.isConfigured(deps.config)) {
      status.off.push({ name: m.name, enabledBy: m.enabledBy });
      continue;
    }
    try {
      status.started.push({ name: m.name, ...(await (await m.load()).start(deps)) });
    } catch (e) {
      // One platform failing to start (unreachable, bad token) must not take the others down.
      deps.log.error('bot failed to start', { bot: m.name, error: e });
      status.off.push({ name: m.name, enabledBy: `failed to start: ${(e as Error).message}` });
    }
  }
  return status;
}
