import { execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { vi } from 'vitest';
import { runCli } from '../../app/cli.ts';
import { fixedClock } from '../../src/clock.ts';

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

/**
 * `backorder … | head -0`: the reader has closed the pipe before the command prints. What the
 * command then says on stderr, and its exit code.
 */
export function runBackorderIntoClosedPipe(args: string[], env: Record<string, string>): Promise<CliRun> {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.destroy();
  let err = '';
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? 1, out: '', err }));
  });
}

/**
 * `backorder …` in this process (fast; the clock can be set): the command's exit code and what it
 * wrote to stdout and stderr. The environment is this process's, as the CLI reads it.
 */
export async function runCliHere(args: string[], at?: Date): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => out.push(String(s)) > 0);
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => err.push(String(s)) > 0);
  try {
    const code = await runCli(args, at ? { clock: fixedClock(at) } : {});
    return { code, out: out.join(''), err: err.join('') };
  } finally {
    vi.restoreAllMocks();
  }
}
