import { TELEGRAM_CHANNEL } from '../../bots/telegram/channel-spec.ts';
import type {
  Audience,
  ChannelLimits,
  ChannelSpec,
  Format,
  NotificationChannel,
  OutgoingMessage,
  SendResult,
} from '../../src/index.ts';

// A channel that keeps what it is asked to send, declared like a platform's (Telegram's unless
// told otherwise). Answers can be scripted per recipient to exercise retries and permanent failures.

export interface Recorded {
  recipient: string;
  message: OutgoingMessage;
  /** performance.now() when send was called */
  at: number;
}

export class RecordingChannel implements NotificationChannel {
  readonly sent: Recorded[] = [];
  /** every call, answered or not */
  readonly calls: Recorded[] = [];
  private readonly scripted = new Map<string, SendResult[]>();
  private nextId = 1;

  readonly name: string;
  readonly format: Format;
  readonly limits: ChannelLimits;
  readonly audiences: readonly Audience[];

  constructor(spec: ChannelSpec = TELEGRAM_CHANNEL) {
    ({ name: this.name, format: this.format, limits: this.limits, audiences: this.audiences } = spec);
  }

  /** the next sends to `recipient` get these answers, in order; then sending succeeds again */
  script(recipient: string, ...results: SendResult[]): void {
    this.scripted.set(recipient, [...(this.scripted.get(recipient) ?? []), ...results]);
  }

  to(recipient: string): OutgoingMessage[] {
    return this.sent.filter((s) => s.recipient === recipient).map((s) => s.message);
  }

  async send(recipient: string, message: OutgoingMessage): Promise<SendResult> {
    const call = { recipient, message, at: performance.now() };
    this.calls.push(call);
    const answer = this.scripted.get(recipient)?.shift();
    if (answer && !answer.ok) return answer;
    this.sent.push(call);
    return { ok: true, providerMessageId: String(this.nextId++) };
  }
}
