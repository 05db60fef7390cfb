import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

// A loopback HTTP server that serves bytes set by the test, one body (and status) per path, and
// 404 for anything else. Stands in for HEXONET's download server and for any DROPLIST_URL.

export interface ServedFile {
  body: Buffer | string;
  status?: number;
  contentType?: string;
}

export interface FileServer {
  /** http://127.0.0.1:PORT + path */
  url(path: string): string;
  serve(path: string, file: ServedFile): void;
  /** paths requested so far, in order */
  requests: string[];
  close(): Promise<void>;
}

export async function startFileServer(): Promise<FileServer> {
  const files = new Map<string, ServedFile>();
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push(path);
    const file = files.get(path);
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/html' }).end('<html><body>Not Found</body></html>');
      return;
    }
    const body = Buffer.from(file.body);
    res
      .writeHead(file.status ?? 200, {
        'content-type': file.contentType ?? 'application/octet-stream',
        'content-length': body.length,
      })
      .end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    serve: (path, file) => {
      files.set(path, file);
    },
    requests,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
