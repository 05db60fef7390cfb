import { DiscordAPIError, HTTPError, type REST, Routes, type WebhookClient } from 'discord.js';
import type { NotificationChannel, OutgoingMessage, SendResult } from '../../src/index.ts';
import { DISCORD_CHANNEL, DISCORD_WEBHOOK_RECIPIENT } from './channel-spec.ts';
import { embedsOf, NO_MENTIONS } from './format.ts';

// The Discord notification channel. Recipients: `webhook` (DISCORD_WEBHOOK_URL, executed through
// discord.js's WebhookClient) or a channel id (a channel with alert rules, or the DM channel of a
// linked customer, see commands/link.ts), posted to with the bot token. Each message's blocks
// become embeds. discord.js's REST queue already waits out the rate-limit buckets Discord announces
// (webhook: 5 per 2 s), retries 429s and 5xx; what still fails is reported to the caller as
// retryable or permanent.

const CHANNEL_ID = /^\d{17,20}$/;

/** Discord JSON error codes that mean the destination itself is gone or closed to us. */
const GONE = new Set([
  10003, // Unknown Channel
  10015, // Unknown Webhook
  50001, // Missing Access
  50013, // Missing Permissions
  50007, // Cannot send messages to this user (a linked member's DMs are closed to us)
]);

export function resultOf(error: unknown): SendResult {
  if (error instanceof DiscordAPIError || error instanceof HTTPError) {
    const code = error instanceof DiscordAPIError ? error.code : undefined;
    if (error.status >= 500) return { ok: false, retryable: true, error: error.message };
    const gone = (typeof code === 'number' && GONE.has(code)) || error.status === 404;
    return { ok: false, retryable: false, error: `${error.status}: ${error.message}`, unreachable: gone };
  }
  // network errors and timeouts: Discord may not even have seen the request
  return { ok: false, retryable: true, error: (error as Error)?.message ?? String(error) };
}

export function discordChannel(opts: { webhook?: WebhookClient; rest?: REST }): NotificationChannel {
  return {
    ...DISCORD_CHANNEL,
    async send(recipient: string, message: OutgoingMessage, signal?: AbortSignal): Promise<SendResult> {
      const embeds = embedsOf(message);
      try {
        if (recipient === DISCORD_WEBHOOK_RECIPIENT && opts.webhook) {
          const sent = await opts.webhook.send({ embeds, allowedMentions: NO_MENTIONS });
          return { ok: true, providerMessageId: sent.id };
        }
        if (CHANNEL_ID.test(recipient) && opts.rest) {
          const sent = (await opts.rest.post(Routes.channelMessages(recipient), {
            body: { embeds, allowed_mentions: NO_MENTIONS },
            ...(signal ? { signal } : {}),
          })) as { id: string };
          return { ok: true, providerMessageId: sent.id };
        }
      } catch (e) {
        return resultOf(e);
      }
      const why = CHANNEL_ID.test(recipient)
        ? 'DISCORD_BOT_TOKEN is not set'
        : recipient === DISCORD_WEBHOOK_RECIPIENT
          ? 'DISCORD_WEBHOOK_URL is not set'
          : 'not a Discord channel id';
      return {
        ok: false,
        retryable: false,
        error: `cannot send to "${recipient}": ${why}`,
        unreachable: true,
      };
    },
  };
}
