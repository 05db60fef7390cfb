import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DropRow } from './row-parser.ts';

// Rows into a table through one `COPY … FROM STDIN` (text format) that stays open across the
// importer's batches: the server parses rows while the importer parses the next lines, and no row
// waits for a round trip. A batch is one chunk, written as soon as the connection takes it.

export const STAGED_COLUMNS = 'n, fqdn, label, zone, "dropAt", length, letters, digits, hyphens, idn, score';

export interface CopyWriter {
  /** Appends rows; rejects once the server has refused the COPY (the error says why). */
  write(rows: DropRow[]): Promise<void>;
  /** Ends the COPY; resolves when the server has stored every row. */
  end(): Promise<void>;
  /** Abandons the COPY: the server discards every row it got (CopyFail). Never throws. */
  abort(reason: string): Promise<void>;
  /** rows written so far */
  readonly rows: number;
}

const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const escapeOne = (c: string) => ESCAPES[c]!;
/** COPY's text format; names are letters, digits, dots and hyphens, so this is a test, not a copy. */
const text = (s: string) => (SPECIAL.test(s) ? s.replace(SPECIALS, escapeOne) : s);

/**
 * Opens `COPY table (STAGED_COLUMNS) FROM STDIN` on `client`. `n` numbers the rows from 1 in the
 * order written, so that the first row of a repeated name can be told apart in SQL.
 */
export function copyRows(client: pg.Client, table: string): CopyWriter {
  const stream = client.query(copyFrom(`COPY ${table} (${STAGED_COLUMNS}) FROM STDIN`));
  // The server's refusal arrives as an 'error' event whenever it comes; kept to be thrown by the
  // next write (the stream cannot take another one).
  let refused: Error | undefined;
  stream.on('error', (e) => {
    refused ??= e;
  });
  const done = finished(stream);
  done.catch(() => undefined);
  let n = 0;
  return {
    get rows() {
      return n;
    },

    async write(rows) {
      let chunk = '';
      for (const r of rows) {
        const fqdn = text(r.fqdn);
        const label = text(r.label);
        const zone = text(r.zone);
        chunk += `${++n}\t${fqdn}\t${label}\t${zone}\t${r.dropAt}\t${r.length}\t${r.letters}\t${r.digits}\t${r.hyphens}\t${r.idn ? 't' : 'f'}\t${r.score}\n`;
      }
      if (refused) throw refused;
      // once() rejects if the server refuses the COPY while the importer waits for room.
      if (!stream.write(chunk)) await once(stream, 'drain');
    },

    async end() {
      if (refused) throw refused;
      stream.end();
      await done;
    },

    async abort(reason) {
      if (refused || stream.writableFinished || stream.destroyed) return;
      stream.destroy(new Error(reason));
      await done.catch(() => undefined);
    },
  };
}
