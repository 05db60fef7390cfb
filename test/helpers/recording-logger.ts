import type { Logger } from '../../src/log.ts';

/** A logger that keeps every error line (with its error's stack): a test asserts that none came. */
export function recordingLogger(): { log: Logger; errors: string[] } {
  const errors: string[] = [];
  const log: Logger = {
    debug: () => {},
    info: () => {},
    warn: () => {},
    error: (msg, fields) =>
      errors.push(`${msg} ${String((fields?.error as Error | undefined)?.stack ?? '')}`),
    child: () => log,
  };
  return { log, errors };
}
