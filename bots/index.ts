import type { BotDeps, StartedBot } from './bot.ts';
import { discordPlugin } from './discord/plugin.ts';
import type { BotPlugin } from './plugin.ts';
import { slackPlugin } from './slack/plugin.ts';
import { telegramPlugin } from './telegram/plugin.ts';

// Every adapter the service can run; main starts (and loads) those whose credentials are set.
const plugins: BotPlugin[] = [discordPlugin, slackPlugin, telegramPlugin];

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
