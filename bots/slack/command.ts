import type { Config, Core, Logger } from '../../src/index.ts';
import type { Reply } from './blocks.ts';
import type { ParsedCommand } from './parse.ts';

// What one feature file (pricing.ts, manage.ts, …) contributes: sub-commands and button handlers.

export interface StaffContext {
  core: Core;
  config: Config;
  log: Logger;
  /** the Slack user who typed or clicked */
  userId: string;
  /** written to the audit log and the ledger as who did it */
  actor: string;
  /** Slack's id of this one interaction: a re-delivery carries the same one */
  triggerId: string | undefined;
}

export interface HelpLine {
  usage: string;
  does: string;
  example?: string;
}

export interface SubCommand {
  name: string;
  help: HelpLine[];
  /** for slow sub-commands: said at once, the result follows through respond() */
  ackText?: string;
  run(ctx: StaffContext, cmd: ParsedCommand): Promise<Reply>;
}

export interface ButtonHandler {
  /** action ids starting with this (`bo.cancel.`) go to run() */
  prefix: string;
  run(ctx: StaffContext, actionId: string, value: string): Promise<Reply>;
}

export interface Feature {
  commands: SubCommand[];
  buttons?: ButtonHandler[];
}

export const actorOf = (userId: string) => `slack:${userId}`;
