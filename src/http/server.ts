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

export interface HttpServer {
  /** mount a handler; a handler that returns undefined has answered `raw.res` itself */
  route(method: string, path: string, handler: RouteHandler): void;
  listen(): Promise<{ host: string; port: number }>;
  close(): Promise<void>;
  server: Server;
}

const MAX_BODY = 1024 * 1024;

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

export function createHttpServer(opts: { host: string; port: number; log: Logger }): HttpServer {
  const routes = new Map<string, RouteHandler>();
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = target(req.url);
    if (!url) {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'bad request target' }));
      return;
    }
    const handler = routes.get(`${req.method} ${url.pathname}`);
    if (!handler) {
      const allowed = [...routes.keys()].filter((k) => k.endsWith(` ${url.pathname}`));
      res.writeHead(allowed.length ? 405 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: allowed.length ? 'method not allowed' : 'not found' }));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY) {
        res.writeHead(413).end();
        return;
      }
      chunks.push(chunk as Buffer);
    }
    const out = await handler(
      {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        rawBody: Buffer.concat(chunks),
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
  return {
    server,
    route(method, path, handler) {
      routes.set(`${method.toUpperCase()} ${path}`, handler);
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
