import { timingSafeEqual } from 'node:crypto';
import { type Bot, BotError } from 'grammy';
import type { Update } from 'grammy/types';
import { z } from 'zod';
import type { RouteHandler } from '../../src/index.ts';
import type { BotContext, BotDeps } from './context.ts';
import { inFlight, within } from './in-flight.ts';
import { storePayments } from './payments.ts';

// POST /telegram/webhook on the project's one HTTP server. Telegram sends an update again until it
// is answered 2xx (and holds the chat's later updates back meanwhile), so the answer says whether
// we have it:
// - 503 while the bot does not know itself yet (getMe) or the service is stopping: sent again later,
//   to this instance or another one;
// - 401 when X-Telegram-Bot-Api-Secret-Token is not our secret (compared in constant time; the body
//   is then not even parsed), 400 for a body that is not an update;
// - 500 when handling failed (storing a payment, the de-duplication, a payment's credit): Telegram
//   sends it again, and a payment is credited once however often it comes;
// - 200 once handled, or after ANSWER_WITHIN_MS: a slow update goes on in the background (its
//   outcome is logged), and a payment in it is stored already, so the `payments` job credits it if
//   crediting it then fails.
// A stop turns new updates away and waits for those in flight (in-flight.ts).

const ANSWER_WITHIN_MS = 9_000;

const updateSchema = z.looseObject({ update_id: z.number().int().nonnegative() });

function isOurSecret(header: string | string[] | undefined, secret: string): boolean {
  const given = Buffer.from((Array.isArray(header) ? header[0] : header) ?? '');
  const expected = Buffer.from(secret);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function parseUpdate(body: Buffer): Update | undefined {
  try {
    const parsed = updateSchema.safeParse(JSON.parse(body.toString('utf8')));
    return parsed.success ? (parsed.data as unknown as Update) : undefined;
  } catch {
    return undefined;
  }
}

export const WEBHOOK_PATH = '/telegram/webhook';

export interface WebhookRoute {
  handler: RouteHandler;
  /** turns new updates away (503) and waits a bounded time for those being handled */
  stop(): Promise<void>;
}

export function webhookRoute(bot: Bot<BotContext>, { core, log }: BotDeps, secret: string): WebhookRoute {
  const updates = inFlight();
  let stopping = false;

  /** Runs the update to its end whatever the request does meanwhile; never rejects: failures are logged. */
  const handle = (update: Update) => {
    const state = { answered: false };
    const outcome = updates.track(
      bot.handleUpdate(update).then(
        () => true,
        (e: unknown) => {
          log.error(
            state.answered ? 'telegram update failed after it was answered' : 'telegram update failed',
            {
              updateId: update.update_id,
              error: e instanceof BotError ? e.error : e,
            },
          );
          return false;
        },
      ),
    );
    return { outcome, state };
  };

  const answer = async (rawBody: Buffer, header: string | string[] | undefined) => {
    if (!isOurSecret(header, secret)) return { status: 401, body: 'secret token is wrong' };
    const update = parseUpdate(rawBody);
    if (!update) return { status: 400, body: 'not a JSON update' };
    try {
      await storePayments(core, [update]);
    } catch (error) {
      log.error('telegram payment not stored; Telegram sends it again', {
        updateId: update.update_id,
        error,
      });
      return { status: 500, body: 'not stored' };
    }
    const { outcome, state } = handle(update);
    const ok = await within(outcome, ANSWER_WITHIN_MS);
    if (ok === undefined) {
      state.answered = true;
      log.warn('telegram update still running; answered, it goes on', { updateId: update.update_id });
      return { status: 200 };
    }
    return ok ? { status: 200 } : { status: 500, body: 'update failed' };
  };

  return {
    handler: (req) => {
      // Until getMe has answered the bot cannot tell its own commands (/start@name).
      if (stopping || !bot.isInited()) {
        return { status: 503, headers: { 'retry-after': '5' }, body: stopping ? 'stopping' : 'starting' };
      }
      return updates.track(answer(req.rawBody, req.headers['x-telegram-bot-api-secret-token']));
    },
    async stop() {
      stopping = true;
      await updates.drain();
    },
  };
}
