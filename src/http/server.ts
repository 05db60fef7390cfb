import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log.ts';

// The project's one HTTP server. Routes get the raw body as a Buffer, because the platforms sign
// the exact bytes (Slack, Discord) and a parser that consumed them first would break verification.

export interface HttpRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  rawBody: Buffer;
}

export interface HttpResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export type RouteHandler = (
  req: HttpRequest,
  raw: { req: IncomingMessage; res: ServerResponse },
) => Promise<HttpResponse | undefined> | HttpResponse | undefined;

/** What a route accepts, checked before its body is read (so an unsigned flood costs no memory). */
export interface RouteOptions {
  /** headers without which the request cannot be genuine (e.g. the platform's signature): 401 */
  requiredHeaders?: string[];
  /** the largest body the route takes (default 1 MiB): 413 */
  maxBody?: number;
}

export interface HttpServer {
  /** mount a handler; a handler that returns undefined has answered `raw.res` itself */
  route(method: string, path: string, handler: RouteHandler, options?: RouteOptions): void;
  listen(): Promise<{ host: string; port: number }>;
  close(): Promise<void>;
  server: Server;
}

const MAX_BODY = 1024 * 1024;
/** bodies read at once over all routes; above it a request is told to come back (503) */
const MAX_BODIES_IN_FLIGHT = 64;
/** a body that has not arrived whole by then is dropped (408): a slow sender holds nothing longer */
const BODY_TIMEOUT_MS = 10_000;

/** The limits, for tests that need them small. */
export interface ServerLimits {
  bodiesInFlight?: number;
  bodyTimeoutMs?: number;
}

class TooLarge extends Error {}
class TooSlow extends Error {}

/** The request target as a URL, or undefined for one no URL parser accepts (`//`, `/\`, `//%`). */
function target(raw: string | undefined): URL | undefined {
  try {
    return new URL(raw ?? '/', 'http://localhost');
  } catch {
    return undefined;
  }
}

/** For a log line: the path only (a query may carry tokens), cut short. */
const safePath = (raw: string | undefined) => (raw ?? '').split('?')[0]!.slice(0, 200);

const answer = (res: ServerResponse, status: number, error: string, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', connection: 'close', ...headers });
  res.end(JSON.stringify({ error }));
};

/**
 * The whole body, unless it grows past `max` or does not arrive within `ms`: then the sender gets a
 * 408 and, once it is written, the connection is closed.
 */
async function readBody(req: IncomingMessage, res: ServerResponse, max: number, ms: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  const timer = setTimeout(() => {
    res.once('finish', () => req.destroy(new TooSlow()));
    answer(res, 408, 'body too slow');
  }, ms);
  try {
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > max) throw new TooLarge();
      chunks.push(chunk as Buffer);
    }
  } catch (e) {
    if (req.errored instanceof TooSlow) throw req.errored;
    throw e;
  } finally {
    clearTimeout(timer);
  }
  return Buffer.concat(chunks);
}

export function createHttpServer(opts: {
  host: string;
  port: number;
  log: Logger;
  limits?: ServerLimits;
}): HttpServer {
  const routes = new Map<string, { handler: RouteHandler; options: RouteOptions }>();
  const bodiesInFlight = opts.limits?.bodiesInFlight ?? MAX_BODIES_IN_FLIGHT;
  const bodyTimeoutMs = opts.limits?.bodyTimeoutMs ?? BODY_TIMEOUT_MS;
  let reading = 0;
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = target(req.url);
    if (!url) {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'bad request target' }));
      return;
    }
    const route = routes.get(`${req.method} ${url.pathname}`);
    if (!route) {
      const allowed = [...routes.keys()].filter((k) => k.endsWith(` ${url.pathname}`));
      res.writeHead(allowed.length ? 405 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: allowed.length ? 'method not allowed' : 'not found' }));
      return;
    }
    // The cheap checks first: nothing of a body is read for a request that cannot be served.
    const maxBody = route.options.maxBody ?? MAX_BODY;
    const missing = (route.options.requiredHeaders ?? []).filter((h) => !req.headers[h.toLowerCase()]);
    if (missing.length) return answer(res, 401, `missing ${missing.join(', ')}`);
    if (Number(req.headers['content-length'] ?? 0) > maxBody) return answer(res, 413, 'body too large');
    let rawBody: Buffer = Buffer.alloc(0);
    if (Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding']) {
      if (reading >= bodiesInFlight) return answer(res, 503, 'busy, try again', { 'retry-after': '1' });
      reading++;
      try {
        rawBody = await readBody(req, res, maxBody, bodyTimeoutMs);
      } catch (e) {
        if (e instanceof TooLarge) return answer(res, 413, 'body too large');
        if (e instanceof TooSlow) return; // answered already
        throw e;
      } finally {
        reading--;
      }
    }
    const out = await route.handler(
      {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        rawBody,
      },
      { req, res },
    );
    if (out && !res.headersSent) {
      res.writeHead(out.status, out.headers ?? {});
      res.end(out.body ?? '');
    }
  }

  // Every failure of a request ends here, whatever its cause (a handler, a body that broke off, a
  // target no URL parser takes): an escaped rejection in a request listener would stop the process.
  const server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      opts.log.error('http request failed', { method: req.method, path: safePath(req.url), error: e });
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'internal error' }));
    });
  });
  server.keepAliveTimeout = 5_000;
  // Headers must arrive within 10 s and a whole request within 30 s (Node's defaults are minutes).
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  return {
    server,
    route(method, path, handler, options = {}) {
      routes.set(`${method.toUpperCase()} ${path}`, { handler, options });
    },
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(opts.port, opts.host, () => {
          const a = server.address() as AddressInfo;
          resolve({ host: a.address, port: a.port });
        });
      }),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export const json = (status: number, value: unknown): HttpResponse => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(value, (_k, x) => (typeof x === 'bigint' ? x.toString() : x)),
});
