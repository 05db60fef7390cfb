// What Telegram hands a Mini App: the launch parameters in the address's fragment (the signed
// initData, the theme), and a bridge for the app's own events. Read here without Telegram's
// script, which would have to come from telegram.org.

const launch = new URLSearchParams(location.hash.slice(1));

/** the signed launch data; the API takes it as `Authorization: tma <initData>` */
export const initData = launch.get('tgWebAppData') ?? '';

/** the user's language as Telegram reports it, until the API says the customer's own */
export function reportedLanguage(): string | undefined {
  try {
    return JSON.parse(new URLSearchParams(initData).get('user') ?? 'null')?.language_code;
  } catch {
    return undefined;
  }
}

/** Telegram's colours as the CSS variables its own script would set (--tg-theme-bg-color…). */
export function applyTheme(): void {
  let theme: Record<string, string> = {};
  try {
    theme = JSON.parse(launch.get('tgWebAppThemeParams') ?? '{}');
  } catch {
    return;
  }
  for (const [key, value] of Object.entries(theme)) {
    if (/^[a-z_]+$/.test(key) && /^#[0-9a-f]{3,8}$/i.test(value))
      document.documentElement.style.setProperty(`--tg-theme-${key.replaceAll('_', '-')}`, value);
  }
}

type Bridge = { TelegramWebviewProxy?: { postEvent(type: string, data: string): void } };

/** An event for the Telegram client (mobile, desktop or web), ignored outside Telegram. */
export function postEvent(type: string, data: object = {}): void {
  const w = window as unknown as Bridge;
  if (w.TelegramWebviewProxy) w.TelegramWebviewProxy.postEvent(type, JSON.stringify(data));
  else if (window.parent !== window)
    window.parent.postMessage(JSON.stringify({ eventType: type, eventData: data }), '*');
}
