import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream } from 'node:stream/web';
import { DomainError } from '../errors.ts';
import { openDropListFile } from './file-source.ts';
import { releasing } from './lines.ts';
import type { DropListSource } from './source.ts';

// The list over HTTP(S). The body goes to a temporary file first: a ZIP can only be read from its
// end (central directory), and the file is the one place the download is held, never memory.

const DOWNLOAD_TIMEOUT_MS = 10 * 60_000;

/** The URL without credentials or query, which may hold secrets, for records and logs. */
function shown(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
}

async function download(url: string, file: string, timeoutMs: number): Promise<void> {
  const where = shown(url);
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new DomainError(
      'IMPORT_FAILED',
      `download of ${where} failed: ${cause?.code ?? cause?.message ?? (e as Error).message}`,
    );
  }
  if (!res.ok || !res.body) {
    await res.body?.cancel();
    throw new DomainError(
      'IMPORT_FAILED',
      `download of ${where} failed: HTTP ${res.status} ${res.statusText}`.trim(),
    );
  }
  try {
    await pipeline(Readable.fromWeb(res.body as ReadableStream<Uint8Array>), createWriteStream(file));
  } catch (e) {
    throw new DomainError('IMPORT_FAILED', `download of ${where} broke off: ${(e as Error).message}`);
  }
}

export function httpSource(url: string, opts: { timeoutMs?: number } = {}): DropListSource {
  return {
    name: shown(url),
    async open() {
      const dir = await mkdtemp(join(tmpdir(), 'backorder-droplist-'));
      const cleanup = () => rm(dir, { recursive: true, force: true });
      try {
        const file = join(dir, 'download');
        await download(url, file, opts.timeoutMs ?? DOWNLOAD_TIMEOUT_MS);
        return releasing(await openDropListFile(file, `the download from ${shown(url)}`), cleanup);
      } catch (e) {
        await cleanup();
        throw e;
      }
    },
  };
}
