import type { MiddlewareFn } from 'grammy';
import type { BotContext } from '../context.ts';

// A flood from one user (a stuck client, a script, someone holding a key) must not crowd out the
// others: past `limit` messages and button presses within `windowMs`, that user's updates are
// dropped, with one polite warning per window. Payments are never dropped. Counted per instance:
// behind a load balancer each instance allows the limit, which still bounds a flood.

export interface RateLimit {
  limit: number;
  windowMs: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { limit: 20, windowMs: 30_000 };

interface Window {
  startedAt: number;
  count: number;
  warned: boolean;
}

export function rateLimit(opts: RateLimit = DEFAULT_RATE_LIMIT): MiddlewareFn<BotContext> {
  const windows = new Map<number, Window>();
  let lastSweep = 0;
  return async (ctx, next) => {
    const user = ctx.from?.id;
    const counted = ctx.callbackQuery || (ctx.message && !ctx.message.successful_payment);
    if (user === undefined || !counted) return next();
    const now = performance.now();
    if (now - lastSweep > opts.windowMs) {
      // Forget finished windows so the map holds only recent users.
      for (const [id, w] of windows) if (now - w.startedAt >= opts.windowMs) windows.delete(id);
      lastSweep = now;
    }
    let w = windows.get(user);
    if (!w || now - w.startedAt >= opts.windowMs) {
      w = { startedAt: now, count: 0, warned: false };
      windows.set(user, w);
    }
    if (++w.count <= opts.limit) return next();
    const seconds = Math.ceil((opts.windowMs - (now - w.startedAt)) / 1000);
    if (ctx.callbackQuery) {
      ctx.toast = ctx.text.label('tg-rate-limited', { seconds });
      return;
    }
    if (w.warned) return;
    w.warned = true;
    await ctx.reply(ctx.text.t('tg-rate-limited', { seconds }), { parse_mode: 'HTML' });
  };
}
