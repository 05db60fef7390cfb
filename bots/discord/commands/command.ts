import type { REST, RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { z } from 'zod';
import type { Core, Logger } from '../../../src/index.ts';
import { Refusal } from '../errors.ts';
import { esc } from '../format.ts';
import type { Invocation } from '../payload.ts';

// One slash command: how it is registered with Discord, and what it answers. Each lives in its
// own module; the interactions endpoint and `backorder discord register` read the same list.

/** What a command may use besides the core: the bot's REST client (e.g. to open a DM) and the log. */
export interface CommandDeps {
  rest: REST;
  log: Logger;
}

export interface SlashCommand {
  /** the registration body (from discord.js's SlashCommandBuilder) */
  definition: RESTPostAPIChatInputApplicationCommandsJSONBody;
  /** replies only the invoking member sees */
  ephemeral: boolean;
  /** the reply as Discord markdown, every data value escaped */
  run(invocation: Invocation, core: Core, deps: CommandDeps): Promise<string>;
}

/**
 * Options arrive typed by Discord's own validation, but the endpoint is public: a signed payload
 * from another registration (or a stale one) must not reach the core unchecked.
 */
export function parseOptions<S extends z.ZodType>(schema: S, options: Invocation['options']): z.output<S> {
  const r = schema.safeParse(options);
  if (r.success) return r.data;
  const problems = r.error.issues.map((i) =>
    i.path.length ? `${i.path.join('.')} ${i.message}` : i.message,
  );
  throw new Refusal(`Sorry, the options do not work: ${esc(problems.join('; '))}.`);
}
