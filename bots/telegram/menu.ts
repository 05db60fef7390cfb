import type { Api } from 'grammy';
import type { BotCommand, LanguageCode } from 'grammy/types';
import type { Config, I18n } from '../../src/index.ts';
import { button, data, keyboard, rows } from './buttons.ts';
import type { Text } from './text.ts';

// The command menu (Telegram's "/" list, registered in every language we speak) and the main-menu
// buttons under /start and /help.

/** command → its description's locale key; the order is the menu's */
export const COMMANDS: ReadonlyArray<[command: string, key: string]> = [
  ['start', 'command-start'],
  ['search', 'command-search'],
  ['backorder', 'command-backorder'],
  ['mybackorders', 'command-mybackorders'],
  ['cancel', 'command-cancel'],
  ['balance', 'command-balance'],
  ['topup', 'tg-command-topup'],
  ['prices', 'command-prices'],
  ['watch', 'command-watch'],
  ['profile', 'command-profile'],
  ['link', 'tg-command-link'],
  ['language', 'command-language'],
  ['help', 'command-help'],
];

/** The commands this bot answers: /app only where the Mini App has a public address. */
export const commandsOf = (config: Config): ReadonlyArray<[command: string, key: string]> =>
  config.TELEGRAM_WEBAPP_URL
    ? [...COMMANDS.slice(0, 2), ['app', 'tg-command-app'], ...COMMANDS.slice(2)]
    : COMMANDS;

const commandsIn = (i18n: I18n, config: Config, lang: string): BotCommand[] =>
  commandsOf(config).map(([command, key]) => ({ command, description: i18n.t(lang, key).slice(0, 256) }));

/**
 * The menu for everyone (in the default language) and per language Telegram reports, and the menu
 * button: the Mini App where it has an address, else Telegram's default. Best effort: a bot
 * without a menu still answers every command.
 */
export async function registerCommands(api: Api, i18n: I18n, config: Config): Promise<void> {
  const fallback = config.DEFAULT_LANGUAGE;
  await api.setMyCommands(commandsIn(i18n, config, fallback));
  for (const lang of i18n.languages)
    await api.setMyCommands(commandsIn(i18n, config, lang), { language_code: lang as LanguageCode });
  await api.setChatMenuButton({
    menu_button: config.TELEGRAM_WEBAPP_URL
      ? {
          type: 'web_app',
          text: i18n.t(fallback, 'tg-app-menu-button'),
          web_app: { url: config.TELEGRAM_WEBAPP_URL },
        }
      : { type: 'default' },
  });
}

/** After /language: this chat's menu in the chosen language, whatever the app's language is. */
export const registerChatCommands = (api: Api, i18n: I18n, config: Config, chatId: number, lang: string) =>
  api.setMyCommands(commandsIn(i18n, config, lang), { scope: { type: 'chat', chat_id: chatId } });

/** what the main-menu buttons open (callback data `m:<item>`) */
export const MENU_ITEMS = [
  'search',
  'mine',
  'balance',
  'topup',
  'prices',
  'watch',
  'profile',
  'language',
  'help',
] as const;
export type MenuItem = (typeof MENU_ITEMS)[number];

export const menuKeyboard = (text: Text) =>
  keyboard(
    ...rows(
      MENU_ITEMS.map((item) => button(text.label(`tg-menu-${item}`), data('m', item))),
      3,
    ),
  );
