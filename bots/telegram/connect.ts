import { setTimeout as sleep } from 'node:timers/promises';
import { type RunnerHandle, run } from '@grammyjs/runner';
import type { Api, Bot, BotError } from 'grammy';
import type { Update } from 'grammy/types';
import type { Logger } from '../../src/index.ts';
import type { BotContext, BotDeps } from './context.ts';
import { DRAIN_MS, within } from './in-flight.ts';
import { registerCommands } from './menu.ts';
import { storePayments } from './payments.ts';

// Reaching Telegram, without ever holding up or crashing the service: start() returns at once and
// the bot connects in the background, retrying with backoff while Telegram is unreachable (logged,
// never thrown). Long polling runs with @grammyjs/runner; webhook mode registers our URL with the
// secret Telegram must send back. The command menu is set once connected, best effort. A stop
// waits for the updates being handled, for a bounded time (in-flight.ts).

export interface Connection {
  /** resolves once connected (or stopped first) */
  ready: Promise<void>;
  stop(): Promise<void>;
}

export interface ConnectOptions {
  /** first wait after a failed attempt; doubles up to a minute */
  retryMs?: number;
  /** getUpdates long-poll timeout in seconds */
  pollTimeoutSeconds?: number;
}

const MAX_WAIT_MS = 60_000;

/**
 * Who we are (getMe), asked once; grammY's own bot.init() would retry silently for ever, and we
 * want each failure in the log and the wait to end when the service stops.
 */
async function identify(bot: Bot<BotContext>, signal: AbortSignal) {
  if (!bot.isInited()) bot.botInfo = await bot.api.getMe(grammySignal(signal));
}

/** grammY's Node typings use the abort-controller polyfill's type for the same object. */
type GrammySignal = Parameters<Api['getMe']>[0];
const grammySignal = (s: AbortSignal) => s as unknown as GrammySignal;

/** `attempt` until it succeeds; false when stopped first. */
async function untilDone(
  what: string,
  attempt: () => Promise<void>,
  log: Logger,
  signal: AbortSignal,
  firstWaitMs: number,
) {
  for (let wait = firstWaitMs; !signal.aborted; wait = Math.min(wait * 2, MAX_WAIT_MS)) {
    try {
      await attempt();
      return true;
    } catch (error) {
      if (signal.aborted) break;
      log.warn(`telegram: ${what} failed; retrying`, { inMs: wait, error });
      await sleep(wait, undefined, { signal }).catch(() => undefined);
    }
  }
  return false;
}

async function menu(bot: Bot<BotContext>, { core, config, log }: BotDeps) {
  await registerCommands(bot.api, core.notify.i18n, config).catch((error) =>
    log.warn('telegram: command menu not registered', { error }),
  );
}

export function startPolling(bot: Bot<BotContext>, deps: BotDeps, opts: ConnectOptions = {}): Connection {
  const { log } = deps;
  const stopping = new AbortController();
  let runner: RunnerHandle | undefined;
  // The runner retries getUpdates itself; these are its failures, in our log instead of the console.
  bot.api.config.use(async (prev, method, payload, signal) => {
    try {
      return await prev(method, payload, signal);
    } catch (error) {
      if (method === 'getUpdates' && !signal?.aborted) log.warn('telegram: getUpdates failed', { error });
      throw error;
    }
  });
  // The runner confirms a batch to Telegram with its next getUpdates call, made while the batch is
  // still being handled: the batch's payments are stored before it is handed on, however long the
  // database takes, so no payment is ever confirmed unstored.
  const storing = {
    handleUpdate: (update: Update) => bot.handleUpdate(update),
    errorHandler: (error: BotError<BotContext>) => bot.errorHandler(error),
    api: {
      async getUpdates(args: Parameters<Api['getUpdates']>[0], signal: GrammySignal) {
        const updates = await bot.api.getUpdates(args, signal);
        const stored = await untilDone(
          'storing a payment',
          () => storePayments(deps.core, updates),
          log,
          stopping.signal,
          opts.retryMs ?? 1_000,
        );
        if (!stored) throw new Error('stopped before the payments of a batch were stored');
        return updates;
      },
    },
  };
  const supervise = () => {
    if (stopping.signal.aborted) return;
    runner = run(storing, {
      runner: { silent: true, fetch: { timeout: opts.pollTimeoutSeconds ?? 30 } },
      sink: { concurrency: 100 },
    });
    // Gave up (a conflict with another poller, a revoked token, hours unreachable): start again later.
    runner.task()?.catch(async (error) => {
      log.error('telegram: long polling stopped; restarting', { error });
      await sleep(MAX_WAIT_MS, undefined, { signal: stopping.signal }).catch(() => undefined);
      supervise();
    });
  };
  const ready = (async () => {
    const connected = await untilDone(
      'connecting',
      async () => {
        await identify(bot, stopping.signal);
        // A webhook left from webhook mode would make getUpdates fail with 409.
        await bot.api.deleteWebhook(undefined, grammySignal(stopping.signal));
      },
      log,
      stopping.signal,
      opts.retryMs ?? 1_000,
    );
    if (!connected) return;
    await menu(bot, deps);
    supervise();
  })();
  return {
    ready,
    async stop() {
      stopping.abort();
      await ready;
      if (runner?.isRunning()) await within(runner.stop(), DRAIN_MS);
    },
  };
}

export function startWebhook(bot: Bot<BotContext>, deps: BotDeps, opts: ConnectOptions = {}): Connection {
  const { config, log } = deps;
  const stopping = new AbortController();
  const ready = (async () => {
    const connected = await untilDone(
      'setting the webhook',
      async () => {
        await identify(bot, stopping.signal);
        await bot.api.setWebhook(
          config.TELEGRAM_WEBHOOK_URL!,
          { secret_token: config.TELEGRAM_WEBHOOK_SECRET! },
          grammySignal(stopping.signal),
        );
      },
      log,
      stopping.signal,
      opts.retryMs ?? 1_000,
    );
    if (connected) await menu(bot, deps);
  })();
  return {
    ready,
    async stop() {
      // The webhook stays registered: other instances behind the same URL keep serving it.
      stopping.abort();
      await ready;
    },
  };
}
