// The port every delivery platform implements (Telegram, Slack, Discord, and a recording one for
// tests). The dispatcher owns pacing, splitting, retries and bookkeeping; a channel only sends one
// already-rendered, already-split message and says how that went.

/** How a channel's templates are written and escaped. */
export type Format = 'html' | 'mrkdwn' | 'markdown';

/** At most `count` messages in any window of `perMs` milliseconds. */
export interface Rate {
  count: number;
  perMs: number;
}

export interface ChannelLimits {
  /** most characters in one message's text (for block messages: the sum of its blocks) */
  maxChars: number;
  /** for platforms that send blocks (Slack sections, Discord embeds): characters per block, blocks per message */
  blocks?: { maxChars: number; maxBlocks: number };
  /** pacing towards one recipient (chat, channel, webhook) */
  perDestination: Rate;
  /** pacing over all recipients of this channel */
  total?: Rate;
}

/** One message as it goes out: `blocks` joined by blank lines make `text`; without block limits blocks = [text]. */
export interface OutgoingMessage {
  text: string;
  blocks: string[];
}

export type SendResult =
  | { ok: true; providerMessageId: string }
  /** try again later; retryAfterMs when the platform said how long to wait */
  | { ok: false; retryable: true; error: string; retryAfterMs?: number }
  /** never try again; unreachable when the recipient itself is gone (blocked the bot, chat deleted) */
  | { ok: false; retryable: false; error: string; unreachable: boolean };

export interface NotificationChannel {
  /** also the platform of the identities it serves and the folder of its templates */
  readonly name: string;
  readonly format: Format;
  readonly limits: ChannelLimits;
  send(recipient: string, message: OutgoingMessage, signal?: AbortSignal): Promise<SendResult>;
}
