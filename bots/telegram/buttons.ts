import { type Composer, InlineKeyboard } from 'grammy';
import type { InlineKeyboardButton } from 'grammy/types';
import { z } from 'zod';
import type { BotContext } from './context.ts';
import { Refusal } from './errors.ts';

// Inline buttons. A button's callback data is `prefix:arg:arg…`, at most 64 bytes (Telegram's
// limit), and carries everything its handler needs, so any instance can answer any button, today
// or next week. Data comes back from the client as typed: every handler validates it with zod.

const MAX_DATA = 64;

export const fits = (data: string) => Buffer.byteLength(data, 'utf8') <= MAX_DATA;

export function data(prefix: string, ...args: Array<string | number>): string {
  const d = [prefix, ...args].join(':');
  if (!fits(d)) throw new Error(`callback data too long: ${d.length} bytes`);
  return d;
}

export const id = z.coerce
  .number()
  .int()
  .positive()
  .max(2 ** 31 - 1);

/**
 * Handles buttons of one prefix. The args after the prefix are validated with `schema` (the last
 * arg keeps any further colons); a press that does not validate is refused, not thrown.
 */
export function onButton<A extends unknown[]>(
  composer: Composer<BotContext>,
  prefix: string,
  schema: z.ZodType<A>,
  handler: (ctx: BotContext, args: A) => Promise<unknown>,
): void {
  composer.callbackQuery(new RegExp(`^${prefix}:`), async (ctx) => {
    const raw = ctx.callbackQuery.data.slice(prefix.length + 1);
    const arity = schema instanceof z.ZodTuple ? schema.def.items.length : 1;
    const parts = raw.split(':');
    const args = [...parts.slice(0, arity - 1), parts.slice(arity - 1).join(':')];
    const parsed = schema.safeParse(args);
    if (!parsed.success) throw new Refusal('tg-button-expired');
    await handler(ctx, parsed.data);
  });
}

export type Button = InlineKeyboardButton;

export const button = (text: string, callbackData: string): Button => InlineKeyboard.text(text, callbackData);

/** A keyboard of these rows; empty rows are left out (Telegram refuses them). */
export const keyboard = (...rows: Button[][]): InlineKeyboard =>
  InlineKeyboard.from(rows.filter((r) => r.length > 0));

/** Buttons `perRow` to a row. */
export function rows(buttons: Button[], perRow: number): Button[][] {
  const out: Button[][] = [];
  for (let i = 0; i < buttons.length; i += perRow) out.push(buttons.slice(i, i + perRow));
  return out;
}
