import { webApi } from '@slack/bolt';
import type { Logger, NotificationChannel, OutgoingMessage, SendResult } from '../../src/index.ts';
import { section } from './blocks.ts';
import { SLACK_CHANNEL } from './channel-spec.ts';
import { boltLogger } from './logger.ts';

// The notification channel `slack`: staff alerts to SLACK_ALERT_CHANNEL (the dispatcher addresses
// them there) and messages to any Slack identity. The dispatcher renders the templates and splits
// the text into blocks of ≤ 3000 characters; here each block becomes one mrkdwn section.
//
// The Web API client neither retries nor waits out a 429 itself: the dispatcher owns retries and
// pacing, so every outcome comes straight back to it as a SendResult.

// The recipient is gone or the bot may not post there: retrying cannot help.
const UNREACHABLE = new Set([
  'channel_not_found',
  'is_archived',
  'not_in_channel',
  'user_not_found',
  'user_disabled',
  'cannot_dm_bot',
]);
// Slack's own trouble: worth trying again later.
const TEMPORARY = new Set([
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'ratelimited',
  'team_added_to_org',
]);

function classify(e: unknown): SendResult {
  if (e instanceof webApi.WebAPIRateLimitedError) {
    return { ok: false, retryable: true, error: 'ratelimited', retryAfterMs: e.retryAfter * 1000 };
  }
  if (e instanceof webApi.WebAPIPlatformError) {
    const error = e.data.error;
    if (TEMPORARY.has(error)) return { ok: false, retryable: true, error };
    return { ok: false, retryable: false, error, unreachable: UNREACHABLE.has(error) };
  }
  if (e instanceof webApi.WebAPIHTTPError) {
    const error = `HTTP ${e.statusCode}`;
    return e.statusCode >= 500 || e.statusCode === 408
      ? { ok: false, retryable: true, error }
      : { ok: false, retryable: false, error, unreachable: false };
  }
  // network errors, timeouts, anything unforeseen: the message may not have gone out; try again
  return { ok: false, retryable: true, error: (e as Error)?.message ?? String(e) };
}

export function slackChannel(opts: {
  token: string;
  apiUrl: string;
  log: Logger;
  timeoutMs?: number;
}): NotificationChannel {
  const client = new webApi.WebClient(opts.token, {
    slackApiUrl: opts.apiUrl,
    logger: boltLogger(opts.log),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: opts.timeoutMs ?? 15_000,
  });
  return {
    ...SLACK_CHANNEL,
    async send(recipient: string, message: OutgoingMessage, signal?: AbortSignal): Promise<SendResult> {
      if (signal?.aborted) return { ok: false, retryable: true, error: 'stopping' };
      try {
        const r = await client.chat.postMessage({
          channel: recipient,
          text: message.text,
          blocks: message.blocks.map(section),
          // alerts carry domain names: previews of them would be noise at best
          unfurl_links: false,
          unfurl_media: false,
        });
        return { ok: true, providerMessageId: `${r.channel ?? recipient}:${r.ts ?? ''}` };
      } catch (e) {
        return classify(e);
      }
    },
  };
}
