import type { Logger } from '../../log.ts';
import { createTransport } from '../wire/transport.ts';
import { type CnrCredentials, type CnrSession, createCnrSession } from './session.ts';

// A line to CNR's gateway for the registrar and the drop-list source alike: the shared transport with
// the session over it. The session ids are secrets like the password: scrubbed from every text the
// transport passes on.

export interface CnrClientOptions extends CnrCredentials {
  url: string;
  timeoutMs: number;
  log: Logger;
}

export function createCnrClient(opts: CnrClientOptions): CnrSession {
  const transport = createTransport({
    url: opts.url,
    timeoutMs: opts.timeoutMs,
    log: opts.log,
    secrets: () => [opts.password, ...session.sessionIds()],
  });
  const session = createCnrSession(transport, opts, opts.log);
  return session;
}
