import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import { verifySlackRequest } from '@slack/bolt';
import type { Clock, HttpServer, Logger } from '../../src/index.ts';

// Bolt's HTTPReceiver wants its own server; the project has one. This receiver mounts Bolt on
// `POST /slack/events` of that server: it verifies Slack's signature over the raw bytes the server
// hands us (before anything parses them), rejects replays, parses the form or JSON body as Bolt's
// receivers do, and gives the event to `app.processEvent` with an ack() that becomes the HTTP answer.

/** Slack's replay window: a request signed longer ago (or ahead) than this is refused. */
const MAX_SKEW_S = 5 * 60;
/** Slack gives up after 3 s; an event nobody acknowledged by then is answered 404, as Bolt does. */
const ACK_TIMEOUT_MS = 3_000;
/**
 * A stop waits this long for answers being written (a reply of a few queries); an import running
 * for minutes is not waited for: it goes on until the process exits, and its run shows in the log.
 */
const STOP_WAIT_MS = 3_000;

type Answer = { status: number; headers?: Record<string, string>; body?: string };

const header = (h: Record<string, string | string[] | undefined>, name: string) => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

function parseBody(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    const form = Object.fromEntries(new URLSearchParams(raw));
    // interactivity (buttons) arrives as one form field `payload` holding JSON
    return typeof form.payload === 'string' ? JSON.parse(form.payload) : form;
  }
  return JSON.parse(raw);
}

function ackAnswer(body: unknown): Answer {
  if (body === undefined || body === '') return { status: 200 };
  if (typeof body === 'string')
    return { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body };
  return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

export class SharedServerReceiver implements Receiver {
  private app: App | undefined;
  private stopped = false;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly opts: {
      http: HttpServer;
      path: string;
      signingSecret: string;
      clock: Clock;
      log: Logger;
    },
  ) {}

  init(app: App): void {
    this.app = app;
  }

  /** mounts the route; the shared server itself is started and stopped by the composition root */
  async start(): Promise<void> {
    this.stopped = false;
    // No header is required up front: Slack's SSL check comes unsigned (Bolt answers it first).
    this.opts.http.route('POST', this.opts.path, (req) => this.handle(req.headers, req.rawBody));
  }

  /** refuses new events and waits a little for the ones being answered */
  async stop(): Promise<void> {
    this.stopped = true;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.inFlight]),
      new Promise((r) => {
        timer = setTimeout(r, STOP_WAIT_MS);
      }),
    ]);
    clearTimeout(timer);
  }

  private verified(headers: Record<string, string | string[] | undefined>, raw: string): boolean {
    const signature = header(headers, 'x-slack-signature');
    const timestamp = Number(header(headers, 'x-slack-request-timestamp'));
    if (!signature || !Number.isInteger(timestamp)) return false;
    const nowMs = this.opts.clock.now().getTime();
    // Bolt only refuses old timestamps; one far ahead is as much a sign of a replay or a bad clock
    if (timestamp - nowMs / 1000 > MAX_SKEW_S) return false;
    try {
      verifySlackRequest({
        signingSecret: this.opts.signingSecret,
        body: raw,
        headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
        nowMilliseconds: nowMs,
      });
      return true;
    } catch (e) {
      this.opts.log.warn('slack request refused', { reason: (e as Error).message });
      return false;
    }
  }

  private async handle(
    headers: Record<string, string | string[] | undefined>,
    rawBody: Buffer,
  ): Promise<Answer> {
    const raw = rawBody.toString('utf8');
    const contentType = header(headers, 'content-type') ?? '';
    // Slack's SSL check is not signed; it carries nothing and is answered without processing.
    if (
      contentType.startsWith('application/x-www-form-urlencoded') &&
      new URLSearchParams(raw).get('ssl_check') === '1'
    ) {
      return { status: 200 };
    }
    if (!this.verified(headers, raw)) return { status: 401 };
    if (this.stopped || !this.app) return { status: 503 };
    let body: Record<string, unknown>;
    try {
      body = parseBody(raw, contentType);
    } catch {
      return { status: 400 };
    }
    if (body.type === 'url_verification') {
      return {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ challenge: body.challenge }),
      };
    }
    return this.dispatch(this.app, body, headers);
  }

  private dispatch(
    app: App,
    body: Record<string, unknown>,
    headers: Record<string, string | string[] | undefined>,
  ): Promise<Answer> {
    return new Promise<Answer>((resolve) => {
      let acked = false;
      const timer = setTimeout(() => {
        if (acked) return;
        acked = true;
        this.opts.log.warn('slack event not acknowledged in time', { type: body.type });
        resolve({ status: 404 });
      }, ACK_TIMEOUT_MS);
      const retry = header(headers, 'x-slack-retry-num');
      const event: ReceiverEvent = {
        body,
        retryNum: retry === undefined ? undefined : Number(retry),
        retryReason: header(headers, 'x-slack-retry-reason'),
        ack: async (response?: unknown) => {
          if (acked) return;
          acked = true;
          clearTimeout(timer);
          resolve(ackAnswer(response));
        },
      };
      // The listener goes on after ack() (slow work answers through respond()); it is tracked so a
      // stop can wait for it.
      const work = app
        .processEvent(event)
        .then(() => {
          if (!acked) {
            acked = true;
            clearTimeout(timer);
            resolve({ status: 404 });
          }
        })
        .catch((e) => {
          this.opts.log.error('slack event failed', { error: e });
          if (!acked) {
            acked = true;
            clearTimeout(timer);
            resolve({ status: 500 });
          }
        })
        .finally(() => this.inFlight.delete(work));
      this.inFlight.add(work);
    });
  }
}
