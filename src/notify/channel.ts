import type { Audience } from './outbox.ts';

// The port every delivery platform implements (each chat adapter, and a recording one in the tests).
// The dispatcher owns pacing, splitting, retries and bookkeeping; a channel only sends one
// already-rendered, already-split message and says how that went. What the pipeline must know of a
// platform (its limits, its markup, whose events it carries) the adapter declares in its
// ChannelSpec: the core names no platform.

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

/** A platform as the notification pipeline sees it, declared by its adapter before any client library loads. */
export interface ChannelSpec {
  /** also the platform of the identities it serves and the folder of its templates (templates/<name>/) */
  readonly name: string;
  /** how its templates are written and escaped */
  readonly format: Format;
  /** how messages are split and paced */
  readonly limits: ChannelLimits;
  /** whose events its templates render (a template for every kind of each is checked at start) */
  readonly audiences: readonly Audience[];
}

export interface NotificationChannel extends ChannelSpec {
  send(recipient: string, message: OutgoingMessage, signal?: AbortSignal): Promise<SendResult>;
}
