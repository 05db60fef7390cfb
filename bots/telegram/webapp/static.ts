import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type HttpResponse, type HttpServer, PROJECT_ROOT } from '../../../src/index.ts';

// The Mini App's page and assets at /app/, as `npm install` built them (scripts/build.mjs): read
// and compressed once at start, served from memory (gzip when the client takes it).

export const APP_PATH = '/app/';
export const MINI_APP_BUILD = join(PROJECT_ROOT, 'dist', 'app');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/**
 * Scripts and styles only from here; the API on the same origin. Telegram shows the page in its
 * own frame (web client), so framing stays allowed.
 */
const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'";

/** Mounts the built files; false when there is no build (the service then says so and goes on). */
export function mountMiniAppFiles(http: HttpServer, dir = MINI_APP_BUILD): boolean {
  if (!existsSync(join(dir, 'index.html'))) return false;
  for (const file of readdirSync(dir)) {
    const type = TYPES[extname(file)];
    if (!type) continue;
    const raw = readFileSync(join(dir, file));
    const gzip = gzipSync(raw, { level: 9 });
    const headers = { 'content-type': type, 'cache-control': 'no-cache', 'content-security-policy': CSP };
    const serve = (req: { headers: Record<string, string | string[] | undefined> }): HttpResponse =>
      /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))
        ? {
            status: 200,
            headers: { ...headers, 'content-encoding': 'gzip', vary: 'accept-encoding' },
            body: gzip,
          }
        : { status: 200, headers: { ...headers, vary: 'accept-encoding' }, body: raw };
    http.route('GET', `${APP_PATH}${file}`, serve);
    if (file === 'index.html') http.route('GET', APP_PATH, serve);
  }
  http.route('GET', APP_PATH.slice(0, -1), () => ({ status: 301, headers: { location: APP_PATH } }));
  return true;
}
