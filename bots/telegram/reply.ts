import { GrammyError, type InlineKeyboard } from 'grammy';
import type { BotContext } from './context.ts';

// How the bot answers: HTML, no link previews (names in a list must not unfurl), and for a button
// that switches views (paging, filters, details) the message it belongs to is edited in place.

const OPTIONS = { parse_mode: 'HTML', link_preview_options: { is_disabled: true } } as const;

/** A new message in the chat. */
export function say(ctx: BotContext, html: string, keyboard?: InlineKeyboard) {
  return ctx.reply(html, { ...OPTIONS, ...(keyboard ? { reply_markup: keyboard } : {}) });
}

/** The button's own message becomes this view; a typed command gets it as a new message. */
export async function show(ctx: BotContext, html: string, keyboard?: InlineKeyboard): Promise<void> {
  if (!ctx.callbackQuery?.message || ctx.newMessage) {
    await say(ctx, html, keyboard);
    return;
  }
  try {
    await ctx.editMessageText(html, { ...OPTIONS, ...(keyboard ? { reply_markup: keyboard } : {}) });
  } catch (e) {
    // Pressing the button of the view already shown changes nothing; Telegram says so with a 400.
    if (e instanceof GrammyError && /message is not modified/i.test(e.description)) return;
    throw e;
  }
}
