import type { Logger } from '../../log.ts';
import { REGISTRAR_CODE } from '../codes.ts';
import { type Command, encodeCommand } from './command.ts';
import { parseReply, type Reply } from './reply.ts';

// One HTTP round trip to HEXONET's API. Never throws: a transport failure becomes the reply the
// protocol prescribes (421, temporary), so callers handle one shape. Every text that leaves this
// module (descriptions, network errors) is scrubbed of the password, whatever the server echoes.

export interface Credentials {
  url: string;
  entity: string;
  login: string;
  password: string;
}

export interface Transport {
  send(command: Command): Promise<Reply>;
}

export function createTransport(opts: Credentials & { timeoutMs: number; log: Logger }): Transport {
  const { url, entity, login, password, timeoutMs, log } = opts;
  const scrub = (text: string): string => text.split(password).join('[redacted]');
  const failed = (description: string): Reply => ({
    code: REGISTRAR_CODE.NETWORK_ERROR,
    description: scrub(description),
    properties: {},
  });

  async function roundTrip(command: Command): Promise<Reply> {
    const form = new URLSearchParams({
      s_entity: entity,
      s_login: login,
      s_pw: password,
      s_command: encodeCommand(command),
    });
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
    async send(command) {
      const started = performance.now();
      const reply = await roundTrip(command);
      log.debug('ispapi call', {
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
