import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// `backorder …` as a script runs it: a child process with its own environment, exit code and output.

const BIN = fileURLToPath(new URL('../../bin/backorder.js', import.meta.url));

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export function runBackorder(
  args: string[],
  env: Record<string, string>,
  timeoutMs = 90_000,
): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, timeout: timeoutMs },
      (error, out, err) => resolve({ code: error ? Number(error.code ?? 1) : 0, out, err }),
    );
  });
}
