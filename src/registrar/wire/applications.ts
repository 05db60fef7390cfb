import { RegistrarError } from '../../errors.ts';
import type { Logger } from '../../log.ts';
import { REGISTRAR_CODE, registrarError } from '../codes.ts';
import type { Command } from './command.ts';
import type { Reply } from './reply.ts';

// The backorder-application steps HEXONET and CNR answer alike: picking our application out of a
// QueryDomainApplicationList reply, and DeleteDomainApplication with its refusal once the name is
// finalized (hexonet-api-documentation DELETEDOMAINAPPLICATION.md: 552; cnr-kb-poc
// src/content/docs/api/api-command/DeleteDomainApplication.md documents the same command).

export interface ApplicationList {
  APPLICATION: string[];
  STATUS: unknown[];
  DOMAIN?: string[] | undefined;
}

/**
 * The index of the first listed application of exactly `domain` that no other backorder holds and
 * that `accept` takes, or undefined.
 */
export function pickApplication(
  list: ApplicationList,
  domain: string,
  excluding: readonly string[],
  accept: (i: number) => boolean = () => true,
): number | undefined {
  for (const [i, application] of list.APPLICATION.entries()) {
    if (!application || list.STATUS[i] === undefined || excluding.includes(application)) continue;
    // The DOMAIN filter may be a pattern upstream; when the column is there, insist on the exact name.
    if (list.DOMAIN && list.DOMAIN[i] !== domain) continue;
    if (accept(i)) return i;
  }
  return undefined;
}

/** Deletes an application; a 552 says in words that it can no longer be deleted. */
export async function deleteApplication(
  call: (command: Command) => Promise<Reply>,
  application: string,
  registrar: string,
  log: Logger,
): Promise<void> {
  try {
    await call({ COMMAND: 'DeleteDomainApplication', APPLICATION: application });
    log.info('backorder application deleted', { application });
  } catch (e) {
    if (!(e instanceof RegistrarError) || e.registrarCode !== REGISTRAR_CODE.STATUS_PROHIBITS) throw e;
    throw registrarError(
      REGISTRAR_CODE.STATUS_PROHIBITS,
      `backorder application ${application} can no longer be deleted at ${registrar} (${e.message})`,
    );
  }
}
