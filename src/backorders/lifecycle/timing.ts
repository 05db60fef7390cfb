import { HOUR, MINUTE } from '../../clock.ts';
import { ACTIVATION_WINDOW_MS, PROCESSING_WINDOW_MS, STALE_AFTER_DROP_MS } from '../../domain/status.ts';

// The engine's clock arithmetic in one place. Windows come from the original (domain/status.ts).

const at = (now: Date, ms: number) => new Date(now.getTime() + ms);

export const activationWindow = (now: Date) => ({ gte: now, lte: at(now, ACTIVATION_WINDOW_MS) });
export const processingWindow = (now: Date) => ({ gte: now, lte: at(now, PROCESSING_WINDOW_MS) });
/** drops before this are more than 2 days past: open backorders of them are given up */
export const staleBefore = (now: Date) => at(now, -STALE_AFTER_DROP_MS);
export const pastGiveUp = (dropAt: Date | null, now: Date) =>
  dropAt !== null && now.getTime() > dropAt.getTime() + STALE_AFTER_DROP_MS;

/** Send retries: 5, 10, 20, then every 30 minutes (the pass runs every 5), until the give-up. */
export function retryAt(now: Date, attempts: number): Date {
  return at(now, Math.min(5 * MINUTE * 2 ** Math.max(0, attempts - 1), 30 * MINUTE));
}

/**
 * Before the drop the registrar has nothing to report but an early FAILED (the owner renewed), so a
 * sent application is asked hourly; from the drop on, every pass (poll.ts).
 */
export const pollAgainAt = (now: Date) => at(now, HOUR);
