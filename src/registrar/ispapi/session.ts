import { RegistrarError } from '../../errors.ts';
import type { Logger } from '../../log.ts';
import { REGISTRAR_CODE } from '../codes.ts';
import type { Command } from '../wire/command.ts';
import { expectSuccess } from '../wire/refusal.ts';
import type { Reply } from '../wire/reply.ts';
import type { Transport } from '../wire/transport.ts';

// HEXONET takes the credentials with every call (s_entity, s_login, s_pw). They are verified once
// per session (lazily, before the first real command), not before every call: CheckAuthentication
// costs a round trip. A 530 on a command ends the session; the credentials are checked again and
// the command, which HEXONET did not run, is sent once more.

export interface Credentials {
  url: string;
  entity: string;
  login: string;
  password: string;
}

export interface Session {
  call(command: Command): Promise<Reply>;
  checkAuthentication(): Promise<void>;
}

export function createSession(transport: Transport, credentials: Credentials, log: Logger): Session {
  let authenticated: Promise<void> | null = null;
  const fields = {
    s_entity: credentials.entity,
    s_login: credentials.login,
    s_pw: credentials.password,
  };

  const send = async (command: Command): Promise<Reply> =>
    expectSuccess(await transport.send(command, fields), command, 'HEXONET', log);

  function authenticate(): Promise<void> {
    const attempt = send({ COMMAND: 'CheckAuthentication' }).then(() => undefined);
    // A failed check must not be remembered: the next call tries again.
    attempt.catch(() => {
      if (authenticated === attempt) authenticated = null;
    });
    authenticated = attempt;
    return attempt;
  }

  const ensureAuthenticated = (): Promise<void> => authenticated ?? authenticate();

  return {
    checkAuthentication: authenticate,
    async call(command) {
      for (let attempt = 1; ; attempt++) {
        const session = ensureAuthenticated();
        await session;
        try {
          return await send(command);
        } catch (e) {
          const rejected =
            e instanceof RegistrarError && e.registrarCode === REGISTRAR_CODE.AUTHENTICATION_FAILED;
          if (!rejected) throw e;
          // Concurrent calls share one fresh check instead of each starting their own.
          if (authenticated === session) authenticated = null;
          if (attempt === 2) throw e;
        }
      }
    },
  };
}
