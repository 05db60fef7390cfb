// A tiny structured logger (one JSON line per event on stderr). Values of keys that look like
// secrets are replaced, the configured secrets are scrubbed wherever they appear, and so are the
// secret parts of any URL, so a token or password never reaches a log line.

import { maskUrlSecrets } from './secrets.ts';

export type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_KEY = /pass|secret|token|authorization|s_pw|api[-_]?key|signature/i;

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 4 || value === null || typeof value !== 'object') {
    return typeof value === 'bigint' ? value.toString() : value;
  }
  if (value instanceof Error)
    return { name: value.name, message: value.message, code: (value as { code?: unknown }).code };
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    out[k] = SECRET_KEY.test(k) ? '[redacted]' : redact(v, depth + 1);
  return out;
}

export function createLogger(
  opts: {
    level?: Level;
    write?: (line: string) => void;
    secrets?: string[];
    base?: Record<string, unknown>;
  } = {},
): Logger {
  const min = ORDER[opts.level ?? 'info'];
  const write = opts.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const secrets = (opts.secrets ?? []).filter((s) => s.length >= 4);
  const emit = (level: Level, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[level] < min) return;
    let line = JSON.stringify({
      at: new Date().toISOString(),
      level,
      msg,
      ...(redact({ ...opts.base, ...fields }) as object),
    });
    for (const s of secrets) line = line.split(s).join('[redacted]');
    write(maskUrlSecrets(line));
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (fields) => createLogger({ ...opts, base: { ...opts.base, ...fields } }),
  };
}

export const silentLogger: Logger = createLogger({ write: () => {} });
