import { connect } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHttpServer, type HttpServer, json } from '../../src/http/server.ts';
import { silentLogger } from '../../src/log.ts';

// The cheap checks come before any body is read: a request without its platform's signature header
// or with a body over the limit is answered at once; a body that trickles in is dropped; while too
// many bodies are being read, a new one is told to come back, and health checks still answer.

let http: HttpServer;
let port: number;
let handled = 0;

beforeAll(async () => {
  http = createHttpServer({
    host: '127.0.0.1',
    port: 0,
    log: silentLogger,
    limits: { bodiesInFlight: 2, bodyTimeoutMs: 1_000 },
  });
  http.route('GET', '/healthz', () => json(200, { status: 'ok' }));
  http.route(
    'POST',
    '/hook',
    (req) => {
      handled++;
      return json(200, { bytes: req.rawBody.length });
    },
    { requiredHeaders: ['x-signature'], maxBody: 1024 },
  );
  ({ port } = await http.listen());
});
afterAll(() => http.close());

interface Exchange {
  status: number;
  ms: number;
  closed: Promise<void>;
}

/** Sends `head` (and maybe part of a body), never the rest: resolves on the first answer. */
function send(head: string): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const socket = connect(port, '127.0.0.1');
    const closed = new Promise<void>((r) => socket.once('close', () => r()));
    let got = '';
    socket.on('error', () => {});
    socket.on('data', (b) => {
      got += b.toString();
      const m = /^HTTP\/1\.1 (\d{3})/.exec(got);
      if (m) resolve({ status: Number(m[1]), ms: performance.now() - t0, closed });
    });
    socket.setTimeout(10_000, () => reject(new Error(`no answer to ${head.split('\r\n')[0]}`)));
    socket.write(head);
  });
}

const post = (headers: string, partialBody = '') =>
  `POST /hook HTTP/1.1\r\nHost: x\r\n${headers}\r\n${partialBody}`;

it('refuses an unsigned request before its body arrives', async () => {
  const r = await send(post('Content-Length: 1000\r\n'));
  expect(r.status).toBe(401);
  expect(r.ms).toBeLessThan(900); // well before the 1 s body timeout: nothing was waited for
});

it('refuses a body over the route’s limit from its Content-Length, before reading it', async () => {
  const r = await send(post('X-Signature: s\r\nContent-Length: 5000000\r\n'));
  expect(r.status).toBe(413);
  expect(r.ms).toBeLessThan(900);
});

it('drops a body that trickles in, with a 408, and closes the connection', async () => {
  const r = await send(post('X-Signature: s\r\nContent-Length: 100\r\n', 'only the start'));
  expect(r.status).toBe(408);
  await r.closed;
});

it('tells a new body to come back while the cap is full; health checks still answer', async () => {
  const stalled = [
    send(post('X-Signature: s\r\nContent-Length: 100\r\n', 'a')),
    send(post('X-Signature: s\r\nContent-Length: 100\r\n', 'b')),
  ];
  await new Promise((r) => setTimeout(r, 200)); // both are being read
  const third = await send(post('X-Signature: s\r\nContent-Length: 100\r\n', 'c'));
  expect(third.status).toBe(503);
  expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  for (const s of await Promise.all(stalled)) expect(s.status).toBe(408);
  // and a whole, signed body goes through once they are gone
  const ok = await fetch(`http://127.0.0.1:${port}/hook`, {
    method: 'POST',
    headers: { 'x-signature': 's' },
    body: 'hello',
  });
  expect(await ok.json()).toEqual({ bytes: 5 });
  expect(handled).toBe(1);
});
