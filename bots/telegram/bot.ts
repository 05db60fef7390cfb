import { setTimeout as sleep } from 'node:timers/promises';
import { autoRetry } from '@grammyjs/auto-retry';
import { sequentialize } from '@grammyjs/runner';
import { Bot, Composer, HttpError, type StorageAdapter, session } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { BOT_REPLY_SECONDS } from '../../src/index.ts';
import type { BotContext, BotDeps, SessionData } from './context.ts';
import { appFeature } from './features/app.ts';
import { auctionFeature } from './features/auction.ts';
import { backorderFeature } from './features/backorder.ts';
import { balanceFeature } from './features/balance.ts';
import { cancelFeature } from './features/cancel.ts';
import { fallbackFeature } from './features/fallback.ts';
import { helpFeature } from './features/help.ts';
import { inlineFeature } from './features/inline.ts';
import { languageFeature } from './features/language.ts';
import { linkFeature } from './features/link.ts';
import { menuFeature } from './features/menu.ts';
import { myBackordersFeature } from './features/mybackorders.ts';
import { pricesFeature } from './features/prices.ts';
import { profileFeature } from './features/profile.ts';
import { searchFeature } from './features/search.ts';
import { startFeature } from './features/start.ts';
import { checkoutFeature, topupFeature } from './features/topup.ts';
import { watchFeature } from './features/watch.ts';
import { loadCustomer } from './middleware/customer.ts';
import { databaseDown } from './middleware/database-down.ts';
import { dedupe } from './middleware/dedupe.ts';
import { guard } from './middleware/guard.ts';
import { creditPayments } from './middleware/payments.ts';
import { dropQuestionWhenMovingOn } from './middleware/prompts.ts';
import { DEFAULT_RATE_LIMIT, type RateLimit, rateLimit } from './middleware/rate-limit.ts';
import { say } from './reply.ts';
import { databaseSessions } from './session-storage.ts';

// The bot: grammY with the middleware every update passes (in order per chat, a payment credited
// at least once, everything else once only, errors turned into words, a flood limited, the customer
// loaded), then one Composer per feature.

export interface BuildOptions {
  /** skips getMe (tests; a known bot) */
  botInfo?: UserFromGetMe;
  rateLimit?: RateLimit;
  /** where questions in progress wait (profile steps, a typed bid); the database by default */
  sessions?: StorageAdapter<SessionData>;
}

/** A question unanswered for this long is forgotten. */
const QUESTION_TTL_MS = 30 * 60_000;

/**
 * A person is waiting for the answer: a 429 is waited out only if Telegram asks for a few seconds,
 * twice at most, and a failing Telegram is not retried for minutes (the dispatcher retries
 * notifications itself, with its own channel).
 */
const INTERACTIVE_RETRY = {
  maxRetryAttempts: 2,
  maxDelaySeconds: 5,
  rethrowHttpErrors: true,
  rethrowInternalServerErrors: true,
};

const NETWORK_RETRY_MS = 100;

export function buildBot(deps: BotDeps, opts: BuildOptions = {}): Bot<BotContext> {
  const { config, log } = deps;
  const bot = new Bot<BotContext>(config.TELEGRAM_BOT_TOKEN!, {
    client: { apiRoot: config.TELEGRAM_API_ROOT },
    ...(opts.botInfo ? { botInfo: opts.botInfo } : {}),
  });
  bot.api.config.use(autoRetry(INTERACTIVE_RETRY));
  // A kept-alive connection that Telegram (or a proxy) has just closed fails the next request
  // before it is sent: one quick retry saves that reply. getUpdates has the runner's own retries.
  bot.api.config.use(async (prev, method, payload, signal) => {
    try {
      return await prev(method, payload, signal);
    } catch (e) {
      if (!(e instanceof HttpError) || method === 'getUpdates' || signal?.aborted) throw e;
      await sleep(NETWORK_RETRY_MS);
      return prev(method, payload, signal);
    }
  });
  bot.catch((err) =>
    log.error('telegram update failed', { updateId: err.ctx.update.update_id, error: err.error }),
  );

  // From arrival to the last reply, waiting behind the chat's earlier updates included.
  bot.use((_ctx, next) => deps.core.metrics.time(BOT_REPLY_SECONDS, { platform: 'telegram' }, next));
  // In order per chat from the first await on: the de-duplication's insert, run concurrently
  // before it, let a later update of a chat overtake an earlier one on PostgreSQL's pool.
  bot.use(sequentialize((ctx: BotContext) => String(ctx.chat?.id ?? ctx.from?.id ?? '')));
  bot.use(databaseDown(deps));
  bot.use(creditPayments(deps));
  bot.use(dedupe(deps));
  bot.use(guard(deps));
  bot.use(rateLimit(opts.rateLimit ?? DEFAULT_RATE_LIMIT));
  bot.use(loadCustomer(deps));
  bot.use(checkoutFeature);
  // Inline queries come from any chat, or none: no conversation, only search results.
  bot.use(inlineFeature);

  // Everything else is a conversation with one customer about their own account: private chats only.
  const chats = new Composer<BotContext>();
  chats.use(
    session({
      initial: (): SessionData => ({}),
      storage: opts.sessions ?? databaseSessions(deps.core, QUESTION_TTL_MS),
    }),
  );
  chats.use(dropQuestionWhenMovingOn);
  chats.use(
    startFeature,
    helpFeature,
    appFeature,
    menuFeature,
    languageFeature,
    profileFeature,
    searchFeature,
    backorderFeature,
    myBackordersFeature,
    cancelFeature,
    auctionFeature,
    balanceFeature,
    pricesFeature,
    watchFeature,
    topupFeature,
    linkFeature,
    fallbackFeature,
  );
  bot.chatType('private').use(chats);
  // In a group, account details would be read by everyone: commands get a pointer to a private chat.
  bot
    .chatType(['group', 'supergroup'])
    .on('message::bot_command', (ctx) => say(ctx, ctx.text.t('tg-private-only')));
  return bot;
}
