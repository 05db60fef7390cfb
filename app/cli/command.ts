import type { ParseArgsConfig } from 'node:util';
import type { Clock } from '../../src/clock.ts';
import type { Config } from '../../src/config.ts';
import type { Core } from '../../src/core.ts';
import { UsageError } from '../../src/errors.ts';
import type { Logger } from '../../src/log.ts';

export type Options = NonNullable<ParseArgsConfig['options']>;

export interface CommandContext {
  config: Config;
  log: Logger;
  clock: Clock;
  /**
   * The core on a migrated database, created on first use and closed when the command ends.
   * `clock` (first use only) replaces the real one for everything the core does, the registrar
   * included: `batch --now` passes at that instant.
   */
  core(clock?: Clock): Promise<Core>;
  json: boolean;
  /** Print a line of human output (suppressed with --json). */
  say(text: string): void;
  /** Print the machine-readable result (only with --json). */
  emit(value: unknown): void;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

export interface Command {
  /** e.g. ['droplist', 'import'] */
  path: string[];
  summary: string;
  /** argument synopsis after the path, e.g. '[--file PATH] [--url URL]' */
  usage?: string;
  /** extra help text (examples) */
  help?: string;
  options?: Options;
  positionals?: { min?: number; max?: number; names?: string };
  /** returns the exit code (0 when omitted) */
  run(ctx: CommandContext, args: ParsedArgs): Promise<number | undefined>;
}

export function intOption(value: unknown, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max} (got "${String(value)}")`);
  }
  return n;
}
