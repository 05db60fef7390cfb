import type { Logger } from '../../log.ts';
import { isSuccessCode, registrarError } from '../codes.ts';
import type { Command } from './command.ts';
import type { Reply } from './reply.ts';

/**
 * The reply when the command succeeded (2xx); otherwise the refusal is logged and thrown as a
 * RegistrarError carrying the registrar's code. `registrar` names it in the message (HEXONET, CNR).
 */
export function expectSuccess(reply: Reply, command: Command, registrar: string, log: Logger): Reply {
  if (isSuccessCode(reply.code)) return reply;
  log.warn('registrar command refused', {
    command: command.COMMAND,
    code: reply.code,
    description: reply.description,
  });
  throw registrarError(reply.code, `${registrar} ${command.COMMAND}: ${reply.code} ${reply.description}`);
}
