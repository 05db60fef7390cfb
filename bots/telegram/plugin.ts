import type { BotPlugin } from '../plugin.ts';
import { TELEGRAM_CHANNEL } from './channel-spec.ts';

export const telegramPlugin: BotPlugin = {
  name: 'telegram',
  enabledBy: 'TELEGRAM_BOT_TOKEN (webhook mode: TELEGRAM_WEBHOOK_URL + TELEGRAM_WEBHOOK_SECRET)',
  isConfigured: (c) => Boolean(c.TELEGRAM_BOT_TOKEN),
  channel: TELEGRAM_CHANNEL,
  routes: () => [],
  load: () => import('./index.ts').then((m) => m.telegramBot),
};
