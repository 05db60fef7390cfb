import type { ChannelLimits, Format, NotificationChannel, OutgoingMessage, SendResult } from './channel.ts';
import { TELEGRAM_LIMITS } from './limits.ts';

// A channel that keeps what it is asked to send, for tests and for running without any platform
// (dev). Answers can be scripted per recipient to exercise retries and permanent failures.

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

  constructor(
    readonly name = 'telegram',
    readonly format: Format = 'html',
    readonly limits: ChannelLimits = TELEGRAM_LIMITS,
  ) {}

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
