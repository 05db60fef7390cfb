import { RegistrarError } from '../../errors.ts';
import type { Logger } from '../../log.ts';
import { REGISTRAR_CODE, registrarError } from '../codes.ts';
import type { Command } from '../wire/command.ts';
import { expectSuccess } from '../wire/refusal.ts';
import type { Reply } from '../wire/reply.ts';
import type { Transport } from '../wire/transport.ts';

// CNR's persistent session (kb.centralnicreseller.com/api/api-security/https-session-handling): the
// password goes out once, with StartSession and persistent=1, and the reply's SESSIONID stands in for
// it (s_sessionid beside s_login) until StopSession. The official SDK logs in the same way
// (rtldev-middleware-node-sdk src/CNR/Client.ts login(): s_login, s_pw, persistent=1) and logs out
// with StopSession. The session is opened lazily by the first command. An expired or unknown session
// is answered 530 (rtldev-middleware-node-sdk tests/CNR/cassettes/logout-fail.json), before the
// command runs: the client logs in once more and resends it; a second 530 is the credentials' fault.

export interface CnrCredentials {
  login: string;
  password: string;
}

export interface CnrSession {
  call(command: Command): Promise<Reply>;
  /** Logs in afresh (proving the credentials), ending the previous session. */
  login(): Promise<void>;
  /** StopSession for the open session, if any; a later call logs in again. */
  close(): Promise<void>;
  /** the session ids that may still be in use: secrets, like the password */
  sessionIds(): readonly string[];
}

export function createCnrSession(transport: Transport, credentials: CnrCredentials, log: Logger): CnrSession {
  let session: Promise<string> | null = null;
  /** the current id and the one before it (a call may still be using it) */
  let ids: string[] = [];

  const send = async (command: Command, fields: Record<string, string>): Promise<Reply> =>
    expectSuccess(await transport.send(command, fields), command, 'CNR', log);

  function start(): Promise<string> {
    const attempt = send(
      { COMMAND: 'StartSession' },
      { s_login: credentials.login, s_pw: credentials.password, persistent: '1' },
    ).then((reply) => {
      const id = reply.properties.SESSIONID?.[0];
      if (!id)
        throw registrarError(REGISTRAR_CODE.INVALID_RESPONSE, 'CNR StartSession: no session id in the reply');
      ids = [id, ...ids].slice(0, 2);
      return id;
    });
    // A failed login must not be remembered: the next call tries again.
    attempt.catch(() => {
      if (session === attempt) session = null;
    });
    session = attempt;
    return attempt;
  }

  async function stop(ended: Promise<string>): Promise<void> {
    const id = await ended.catch(() => null);
    if (!id) return;
    // The session times out on its own anyway: a failed logout is only worth a line in the log.
    await send({ COMMAND: 'StopSession' }, { s_login: credentials.login, s_sessionid: id }).catch((error) =>
      log.warn('CNR session not stopped', { error }),
    );
  }

  return {
    sessionIds: () => ids,

    async login() {
      const previous = session;
      await start();
      if (previous) await stop(previous);
    },

    async close() {
      const open = session;
      session = null;
      if (open) await stop(open);
    },

    async call(command) {
      for (let attempt = 1; ; attempt++) {
        const current = session ?? start();
        const id = await current;
        try {
          return await send(command, { s_login: credentials.login, s_sessionid: id });
        } catch (e) {
          const expired =
            e instanceof RegistrarError && e.registrarCode === REGISTRAR_CODE.AUTHENTICATION_FAILED;
          if (!expired || attempt === 2) throw e;
          // Concurrent calls that met the same expiry share one new login.
          if (session === current) session = null;
        }
      }
    },
  };
}
