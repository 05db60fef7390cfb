import { connect } from 'node:net';
import { expect, it } from 'vitest';
import { serviceForFile } from '../helpers/service.ts';

// Anyone who can reach the HTTP port (the Telegram webhook, the Slack endpoint) can send any bytes.
// Whatever arrives is answered or the connection closed, and the service goes on serving: the
// service as `npm start` runs it, over a raw socket, as an attacker would write.

const service = serviceForFile('malformed', { SANDBOX_DROPLIST_SIZE: '100' });

/** Writes `bytes`, then reads until the server answers and closes, or closes without answering. */
function raw(bytes: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(service().port, '127.0.0.1');
    let answer = '';
    socket.setTimeout(15_000, () => {
      socket.destroy();
      reject(new Error(`no answer and no close for ${JSON.stringify(String(bytes).slice(0, 60))}`));
    });
    socket.on('data', (b) => {
      answer += b.toString('latin1');
      // one answer is enough: the connection may be kept alive after it
      if (/\r\n\r\n/.test(answer)) socket.end();
    });
    socket.on('error', () => {}); // a reset is an acceptable way to refuse
    socket.on('close', () => resolve(answer));
    socket.end(bytes);
  });
}

const statusOf = (answer: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);

const request = (target: string, extra = '') =>
  `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${extra}\r\n`;

it('answers malformed targets, headers and bodies, and keeps serving /healthz', async () => {
  const cases: Array<[string, string | Buffer, (status: number) => boolean]> = [
    ['GET //', request('//'), (s) => s === 400],
    ['GET //%', request('//%'), (s) => s === 400],
    ['GET /\\', request('/\\'), (s) => s === 400 || s === 404],
    ['GET //\\\\', request('//\\\\'), (s) => s === 400],
    ['a bad percent-encoding', request('/healthz%zz%'), (s) => s === 404 || s === 400],
    ['an absolute-form target with a bad host', request('http://[::1/healthz'), (s) => s === 400],
    ['garbage for a request line', 'HELLO THERE\r\n\r\n', (s) => s === 400 || s === 0],
    // llhttp reads it as HTTP/0.9 and answers; refusing it would be as fine
    ['a request line with no version', 'GET /healthz\r\n\r\n', () => true],
    ['a NUL in the target', request('/he\u0000althz'), (s) => s === 400 || s === 0],
    [
      'a header of 100 kB',
      request('/healthz', `X-Big: ${'a'.repeat(100_000)}\r\n`),
      (s) => s === 431 || s === 0,
    ],
    [
      'a body of 2 MiB',
      Buffer.concat([
        Buffer.from(
          'POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 2097152\r\nConnection: close\r\n\r\n',
        ),
        Buffer.alloc(2 * 1024 * 1024, 0x61),
      ]),
      (s) => s === 405 || s === 413 || s === 0,
    ],
    [
      'a content-length that lies',
      'POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n',
      (s) => s === 400 || s === 0,
    ],
    ['a bare LF request', 'GET // HTTP/1.1\nHost: x\n\n', (s) => s === 400 || s === 0],
  ];
  for (const [what, bytes, acceptable] of cases) {
    const status = statusOf(await raw(bytes));
    expect({ what, acceptable: acceptable(status), status }).toMatchObject({ what, acceptable: true });
    expect(service().child.exitCode, `the service stopped after ${what}`).toBeNull();
  }
  const health = await fetch(`http://127.0.0.1:${service().port}/healthz`);
  expect(health.status).toBe(200);
}, 120_000);
