import { createRequire } from 'node:module';
import type { DestinationStream, default as pino } from 'pino';
import { maskUrlSecrets } from './secrets.ts';

// Structured logging through pino (levels, child loggers, one JSON line per event on stderr, a
// readable form from pino-pretty when stderr is a terminal). No secret reaches a line: values of
// keys that look like secrets are replaced before pino sees them (pino's own `redact` takes fixed
// paths only; ours must hold for any field name at any depth), and every finished line is scrubbed
// of the configured secrets (raw, URL-encoded, JSON-escaped) and of the secret parts of any URL.

export type Level = 'debug' | 'info' | 'warn' | 'error';
const LEVELS: readonly Level[] = ['debug', 'info', 'warn', 'error'];
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

/** Where finished lines go: scrubbed, then to `write` (tests), the terminal (pretty) or stderr. */
function destination(secrets: string[], write?: (line: string) => void): DestinationStream {
  const scrub = (line: string) => {
    let out = line;
    for (const s of secrets) out = out.split(s).join('[redacted]');
    return maskUrlSecrets(out);
  };
  if (write) return { write: (line: string) => write(scrub(line.trimEnd())) };
  // Through process.stderr, not straight to fd 2: a CLI's log lines stay in order with its output.
  const target: DestinationStream = process.stderr.isTTY
    ? // loaded only for a terminal: a service under a supervisor writes plain JSON lines
      (createRequire(import.meta.url)('pino-pretty') as (o: object) => DestinationStream)({
        destination: process.stderr,
        translateTime: 'UTC:yyyy-mm-dd HH:MM:ss.l',
        timestampKey: 'at',
      })
    : process.stderr;
  return { write: (line: string) => target.write(scrub(line)) };
}

export function createLogger(
  opts: {
    level?: Level;
    write?: (line: string) => void;
    secrets?: string[];
    base?: Record<string, unknown>;
  } = {},
): Logger {
  // pino loads at the first line logged: most CLI commands log none, and loading it (with its
  // worker-thread transport) was 15-20 ms of each.
  const root = lazily(() =>
    (createRequire(import.meta.url)('pino') as typeof pino)(
      {
        level: opts.level ?? 'info',
        base: undefined,
        messageKey: 'msg',
        timestamp: () => `,"at":"${new Date().toISOString()}"`,
        formatters: { level: (label) => ({ level: label }) },
      },
      destination(
        (opts.secrets ?? []).filter((s) => s.length >= 4),
        opts.write,
      ),
    ),
  );
  const least = LEVELS.indexOf(opts.level ?? 'info');
  const wrap = (p: () => pino.Logger): Logger => {
    const at = (level: Level) => {
      // below the level: not worth loading pino to find that out
      if (LEVELS.indexOf(level) < least) return nothing;
      return (msg: string, fields?: Record<string, unknown>): void => {
        if (fields) p()[level](redact(fields) as object, msg);
        else p()[level](msg);
      };
    };
    return {
      debug: at('debug'),
      info: at('info'),
      warn: at('warn'),
      error: at('error'),
      child: (fields) => {
        const bound = redact(fields) as object;
        return wrap(lazily(() => p().child(bound)));
      },
    };
  };
  const base = opts.base && (redact(opts.base) as object);
  return wrap(base ? lazily(() => root().child(base)) : root);
}

function lazily<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => {
    made ??= { value: make() };
    return made.value;
  };
}

const nothing = () => {};

/** Says nothing, and spends nothing on it. */
export const silentLogger: Logger = {
  debug: nothing,
  info: nothing,
  warn: nothing,
  error: nothing,
  child: () => silentLogger,
};
