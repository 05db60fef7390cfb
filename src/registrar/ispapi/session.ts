import { RegistrarError } from '../../errors.ts';
import type { Logger } from '../../log.ts';
import { isSuccessCode, REGISTRAR_CODE, registrarError } from '../codes.ts';
import type { Command } from './command.ts';
import type { Reply } from './reply.ts';
import type { Transport } from './transport.ts';

// Credentials are verified once per session (lazily, before the first real command), not before
// every call: CheckAuthentication costs a round trip. A 530 on a command ends the session; the
// credentials are checked again and the command, which HEXONET did not run, is sent once more.

export interface Session {
  call(command: Command): Promise<Reply>;
  checkAuthentication(): Promise<void>;
}

export function createSession(transport: Transport, log: Logger): Session {
  let authenticated: Promise<void> | null = null;

  async function send(command: Command): Promise<Reply> {
    const reply = await transport.send(command);
    if (isSuccessCode(reply.code)) return reply;
    log.warn('ispapi command refused', {
      command: command.COMMAND,
      code: reply.code,
      description: reply.description,
    });
    throw registrarError(reply.code, `HEXONET ${command.COMMAND}: ${reply.code} ${reply.description}`);
  }

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
