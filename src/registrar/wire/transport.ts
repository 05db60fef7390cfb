import type { Logger } from '../../log.ts';
import { REGISTRAR_CODE } from '../codes.ts';
import { type Command, encodeCommand } from './command.ts';
import { parseReply, type Reply } from './reply.ts';

// One HTTP round trip to a gateway speaking the HEXONET/CNR wire format: a form-encoded POST of the
// credential fields plus `s_command`, a plain-text reply. Never throws: a transport failure becomes
// the reply the protocol prescribes (421, temporary), so callers handle one shape. Every text that
// leaves this module (descriptions, network errors) is scrubbed of the secrets (password, session
// id), whatever the server echoes.

export interface TransportOptions {
  url: string;
  timeoutMs: number;
  log: Logger;
  /** the secrets in use right now; a session id changes over the transport's life */
  secrets: () => readonly string[];
}

export interface Transport {
  /** `fields`: the credential fields of this call (s_login, s_pw or s_sessionid, …) */
  send(command: Command, fields: Readonly<Record<string, string>>): Promise<Reply>;
}

export function createTransport(opts: TransportOptions): Transport {
  const { url, timeoutMs, log } = opts;
  const scrub = (text: string): string =>
    opts.secrets().reduce((t, secret) => (secret ? t.split(secret).join('[redacted]') : t), text);
  const failed = (description: string): Reply => ({
    code: REGISTRAR_CODE.NETWORK_ERROR,
    description: scrub(description),
    properties: {},
  });

  async function roundTrip(command: Command, fields: Readonly<Record<string, string>>): Promise<Reply> {
    const form = new URLSearchParams({ ...fields, s_command: encodeCommand(command) });
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const body = await res.text();
      if (!res.ok) return failed(`HTTP ${res.status} ${res.statusText}`.trim());
      const reply = parseReply(body);
      return { ...reply, description: scrub(reply.description) };
    } catch (e) {
      if (e instanceof Error && e.name === 'TimeoutError') return failed(`no answer within ${timeoutMs} ms`);
      return failed(`network error: ${networkReason(e)}`);
    }
  }

  return {
    async send(command, fields) {
      const started = performance.now();
      const reply = await roundTrip(command, fields);
      log.debug('registrar call', {
        command: command.COMMAND,
        code: reply.code,
        ms: Math.round(performance.now() - started),
      });
      return reply;
    },
  };
}

// fetch reports "fetch failed" and hides the useful part (ECONNREFUSED, ENOTFOUND…) in `cause`.
function networkReason(e: unknown): string {
  const cause =
    e instanceof Error ? (e.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return e instanceof Error ? e.message : String(e);
}
