import { Api, GrammyError, HttpError } from 'grammy';
import type { NotificationChannel, OutgoingMessage, SendResult } from '../../src/index.ts';
import { TELEGRAM_CHANNEL } from './channel-spec.ts';

// Notifications into customers' Telegram chats through grammY's Api (no Bot, no polling: the
// dispatcher only sends). The recipient is the chat id. Rate limiting is the dispatcher's job, so
// no auto-retry here: a 429 goes back with its retry_after and the dispatcher reschedules.

/** Telegram errors that mean this chat will not take messages from us, now or later. */
const UNREACHABLE = [
  /bot was blocked by the user/i,
  /user is deactivated/i,
  /bot was kicked/i,
  /chat not found/i,
  /user not found/i,
  /bot can't initiate conversation/i,
  /PEER_ID_INVALID/i,
  /not enough rights to send/i,
  /group chat was upgraded/i,
];

export function classifyTelegramError(error: unknown): Exclude<SendResult, { ok: true }> {
  if (error instanceof GrammyError) {
    const text = `${error.error_code} ${error.description}`;
    if (error.error_code === 429) {
      return {
        ok: false,
        retryable: true,
        error: text,
        retryAfterMs: (error.parameters.retry_after ?? 1) * 1000,
      };
    }
    if (UNREACHABLE.some((re) => re.test(error.description)) || error.error_code === 403) {
      return { ok: false, retryable: false, error: text, unreachable: true };
    }
    // Another 400 is about this message (bad markup, too long): retrying cannot help it.
    if (error.error_code === 400) return { ok: false, retryable: false, error: text, unreachable: false };
    // 401/404 (token revoked or mistyped) and 5xx: the messages wait until the bot works again.
    return { ok: false, retryable: true, error: text };
  }
  if (error instanceof HttpError) return { ok: false, retryable: true, error: `network: ${error.message}` };
  return { ok: false, retryable: true, error: (error as Error)?.message ?? String(error) };
}

export class TelegramChannel implements NotificationChannel {
  readonly name = TELEGRAM_CHANNEL.name;
  readonly format = TELEGRAM_CHANNEL.format;
  readonly limits = TELEGRAM_CHANNEL.limits;
  readonly audiences = TELEGRAM_CHANNEL.audiences;
  readonly api: Api;

  /** `api`: share the bot's own (bot.api); otherwise one is made from the token and TELEGRAM_API_ROOT */
  constructor(opts: { api: Api } | { token: string; apiRoot: string }) {
    this.api = 'api' in opts ? opts.api : new Api(opts.token, { apiRoot: opts.apiRoot, timeoutSeconds: 30 });
  }

  async send(recipient: string, message: OutgoingMessage): Promise<SendResult> {
    try {
      const sent = await this.api.sendMessage(recipient, message.text, {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
      });
      return { ok: true, providerMessageId: String(sent.message_id) };
    } catch (e) {
      return classifyTelegramError(e);
    }
  }
}
