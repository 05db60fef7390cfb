import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { DomainError } from '../errors.ts';
import { splitLines } from './lines.ts';
import type { DropListSource } from './source.ts';
import { zipCsvLines } from './zip.ts';

// A local `.csv` or `.zip`. What it is comes from its first bytes, not its name: a download saved
// under any name, or an HTML error page saved as .zip, is recognised for what it is.

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

async function head(path: string, label: string): Promise<Buffer> {
  let file: Awaited<ReturnType<typeof open>>;
  try {
    file = await open(path, 'r');
  } catch (e) {
    throw new DomainError(
      'IMPORT_FAILED',
      `cannot read ${label}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
  try {
    const buffer = Buffer.alloc(4096);
    const { bytesRead } = await file.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

/**
 * Lines of the drop list in the file at `path`: a ZIP holding the CSV, or the CSV itself.
 * `label` names the file in error messages (a download's temporary path means nothing to anyone).
 */
export async function openDropListFile(path: string, label = path): Promise<AsyncIterable<string[]>> {
  const start = await head(path, label);
  if (start.subarray(0, 4).equals(ZIP_MAGIC)) return zipCsvLines(path);
  // Text never holds NUL bytes; anything binary that is not a ZIP (gzip, a PDF…) is refused whole
  // rather than counted as a million bad rows.
  if (start.includes(0)) throw new DomainError('IMPORT_FAILED', `${label} is neither a CSV nor a ZIP file`);
  return splitLines(createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 16 }));
}

export function fileSource(path: string): DropListSource {
  return { name: `file:${path}`, open: () => openDropListFile(path) };
}
