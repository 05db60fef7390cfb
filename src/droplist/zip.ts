import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { crc32 } from 'node:zlib';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { DomainError, isDomainError } from '../errors.ts';
import { releasing, splitLines } from './lines.ts';

// HEXONET ships the list as a ZIP holding pending_delete_domain_list.csv. yauzl reads the central
// directory (so it needs the file on disk, not a stream) and inflates the chosen entry as a stream.

const LIST_NAME = 'pending_delete_domain_list.csv';

const failed = (message: string) => new DomainError('IMPORT_FAILED', message);

function openZip(path: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false }, (err, zip) => {
      if (err || !zip) reject(failed(`not a readable ZIP file: ${err?.message ?? 'unknown error'}`));
      else resolve(zip);
    });
  });
}

function entriesOf(zip: ZipFile): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    zip.on('entry', (entry: Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', (e: Error) => reject(failed(`not a readable ZIP file: ${e.message}`)));
    zip.readEntry();
  });
}

/**
 * The entry's inflated bytes. yauzl starts inflating at once and re-emits a zlib error on this
 * stream a tick later: with nobody reading yet (the importer opens the list before it pulls lines),
 * that emit had no listener and took the whole process down. The listener turns it into the
 * stream's own error, which the reader then meets whenever it starts.
 */
function readStream(zip: ZipFile, entry: Entry): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) {
        reject(failed(`cannot read ${entry.fileName} in the ZIP: ${err?.message ?? 'unknown error'}`));
        return;
      }
      stream.on('error', (e: Error) => {
        if (!stream.destroyed) stream.destroy(e);
      });
      resolve(stream);
    });
  });
}

/** The drop list's entry: the one HEXONET names, else the only CSV in the archive. */
function pickCsv(entries: Entry[]): Entry {
  const csvs = entries.filter(
    (e) => !e.fileName.endsWith('/') && !e.fileName.startsWith('__MACOSX/') && /\.csv$/i.test(e.fileName),
  );
  const named = csvs.find((e) => basename(e.fileName) === LIST_NAME);
  if (named) return named;
  if (csvs.length === 1) return csvs[0]!;
  if (csvs.length === 0) {
    const names = entries.map((e) => e.fileName).slice(0, 5);
    throw failed(
      `the ZIP holds no CSV file${names.length ? ` (found: ${names.join(', ')})` : ' (it is empty)'}`,
    );
  }
  throw failed(
    `the ZIP holds several CSV files and none is ${LIST_NAME}: ${csvs.map((e) => e.fileName).join(', ')}`,
  );
}

/** The entry's text, checked against its CRC-32 at the end: yauzl checks sizes, not content. */
async function* checkedText(stream: Readable, entry: Entry): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let crc = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      crc = crc32(chunk, crc);
      yield decoder.write(chunk);
    }
  } catch (e) {
    throw isDomainError(e) ? e : failed(`${entry.fileName} in the ZIP is corrupt (${(e as Error).message})`);
  }
  yield decoder.end();
  if (crc !== entry.crc32) throw failed(`${entry.fileName} in the ZIP is corrupt (checksum mismatch)`);
}

/** Lines of the drop-list CSV inside the ZIP file at `path`. */
export async function zipCsvLines(path: string): Promise<AsyncIterable<string[]>> {
  const zip = await openZip(path);
  try {
    const entry = pickCsv(await entriesOf(zip));
    const stream = await readStream(zip, entry);
    return releasing(splitLines(checkedText(stream, entry)), async () => {
      stream.destroy();
      zip.close();
    });
  } catch (e) {
    zip.close();
    throw e;
  }
}
