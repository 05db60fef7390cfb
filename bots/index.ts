import type { BotDeps, BotModule, StartedBot } from './bot.ts';
import { discordBot } from './discord/index.ts';
import { slackBot } from './slack/index.ts';
import { telegramBot } from './telegram/index.ts';

// Every adapter the service can run; main starts those whose credentials are set.
const modules: BotModule[] = [discordBot, slackBot, telegramBot];

export interface BotsStatus {
  started: Array<StartedBot & { name: string }>;
  off: Array<{ name: string; enabledBy: string }>;
}

export async function startBots(deps: BotDeps): Promise<BotsStatus> {
  const status: BotsStatus = { started: [], off: [] };
  for (const m of modules) {
    if (!m.isConfigured(deps.config)) {
      status.off.push({ name: m.name, enabledBy: m.enabledBy });
      continue;
    }
    try {
      status.started.push({ name: m.name, ...(await m.start(deps)) });
    } catch (e) {
      // One platform failing to start (unreachable, bad token) must not take the others down.
      deps.log.error('bot failed to start', { bot: m.name, error: e });
      status.off.push({ name: m.name, enabledBy: `failed to start: ${(e as Error).message}` });
    }
  }
  return status;
}
