import type { Context, SessionFlavor } from 'grammy';
import { z } from 'zod';
import type { Core } from '../../src/index.ts';
import type { BotDeps as ServiceDeps } from '../bot.ts';
import type { Text } from './text.ts';

// The context every handler gets: grammY's, plus the customer behind the Telegram user, their
// words (HTML-safe) and a small conversation state for the questions the bot is waiting to have
// answered (the registrant profile step by step, a typed auction maximum).

export type Lang = 'en' | 'de';

type Customer = Awaited<ReturnType<Core['customers']['get']>>;

export const PROFILE_FIELDS = [
  'firstName',
  'lastName',
  'organization',
  'street',
  'city',
  'state',
  'zip',
  'country',
  'phone',
  'email',
] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

const profileField = z.enum(PROFILE_FIELDS);

/** The question the bot waits to have answered; checked when read back from the database. */
export const awaitingSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('profile'),
    /** wizard: every field in turn; edit: this one field of the saved profile */
    mode: z.enum(['wizard', 'edit']),
    field: profileField,
    draft: z.partialRecord(profileField, z.string()),
  }),
  z.object({ kind: z.literal('bid'), auctionId: z.number().int().positive() }),
]);
export type Awaiting = z.infer<typeof awaitingSchema>;

export interface SessionData {
  awaiting?: Awaiting;
}

/** What the bot's handlers need of the service's deps (bots/bot.ts): not the HTTP server. */
export type BotDeps = Omit<ServiceDeps, 'http'>;

export type BotContext = Context &
  SessionFlavor<SessionData> & {
    deps: BotDeps;
    customer: Customer;
    lang: Lang;
    /** the customer's words: HTML for messages and plain text for buttons and toasts */
    text: Text;
    /** what the answer to this button press says (every press is answered once, after the handler) */
    toast?: string;
    /** a button that opens a view in a message of its own instead of replacing its message */
    newMessage?: boolean;
    /** the credit of this update's successful payment; absent when only staff can credit it */
    credited?: Awaited<ReturnType<Core['billing']['creditPayment']>>;
  };

/** who did it, in the audit log and the ledger */
export const actorOf = (ctx: BotContext) => `telegram:${ctx.from?.id ?? 'unknown'}`;
