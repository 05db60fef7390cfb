import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.ts';
import type { Db } from '../../src/db/client.ts';
import { fileSource } from '../../src/droplist/file-source.ts';
import { httpSource } from '../../src/droplist/http-source.ts';
import { importDropList } from '../../src/droplist/importer.ts';
import type { DropListSource } from '../../src/droplist/source.ts';
import { DomainError } from '../../src/errors.ts';
import { type FileServer, startFileServer } from '../fakes/file-server.ts';
import { freshDb } from '../helpers/db.ts';
import { csvRow, storedList, tempDir } from './helpers.ts';
import { buildZip } from './zip.ts';

const clock = fixedClock('2026-12-01T00:00:00Z');
const files = tempDir();
let db: Db;
let server: FileServer;

beforeAll(async () => {
  db = await freshDb();
  server = await startFileServer();
});
afterAll(() => server.close());

const ROWS = [
  'domain;dropdate',
  csvRow('alpha.com', new Date('2026-12-02T19:01:00Z')),
  csvRow('beta.us.com', new Date('2026-12-03T17:30:00Z')),
  csvRow('xn--bcher-kva.de', new Date('2026-12-04T09:00:00Z')),
];
const CSV = `${ROWS.join('\r\n')}\r\n`;
const EXPECTED = new Map([
  ['alpha.com', '2026-12-02T19:01:00.000Z'],
  ['beta.us.com', '2026-12-03T17:30:00.000Z'],
  ['xn--bcher-kva.de', '2026-12-04T09:00:00.000Z'],
]);
const PREVIOUS = new Map([['previous.com', '2026-12-05T10:00:00.000Z']]);

const run = (source: DropListSource) => importDropList({ db, clock }, source);
const served = (path: string, body: Buffer | string, status = 200) => {
  server.serve(path, { body, status });
  return httpSource(server.url(path));
};
const downloadsLeft = () => readdirSync(tmpdir()).filter((f) => f.startsWith('backorder-droplist-')).length;

async function expectFailure(source: DropListSource, message: RegExp): Promise<void> {
  await run(
    fileSource(files.write('previous.csv', csvRow('previous.com', new Date('2026-12-05T10:00:00Z')))),
  );
  const leftBefore = downloadsLeft();
  const error = await run(source).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe('IMPORT_FAILED');
  expect((error as DomainError).message).toMatch(message);
  expect(await storedList(db)).toEqual(PREVIOUS);
  expect(downloadsLeft()).toBeLessThanOrEqual(leftBefore);
}

describe('drop list over HTTP', () => {
  it("imports HEXONET's ZIP: the named CSV among other entries, deflated", async () => {
    const zip = buildZip([
      { name: 'README.txt', data: 'pending deletes' },
      { name: 'other.csv', data: 'ignored.com;2026-12-02 10:00:00\n' },
      { name: 'pending_delete_domain_list.csv', data: CSV },
    ]);
    const before = downloadsLeft();
    const r = await run(served('/files/pending_delete_domain_list.csv.zip', zip));
    expect(r).toMatchObject({
      added: 3,
      total: 3,
      rejected: 0,
      source: server.url('/files/pending_delete_domain_list.csv.zip'),
    });
    expect(await storedList(db)).toEqual(EXPECTED);
    expect(downloadsLeft()).toBe(before); // the temporary download is gone
  });

  it('imports a ZIP whose only CSV has another name, stored without compression, in a folder', async () => {
    const zip = buildZip([{ name: 'export/list-2026-12-01.CSV', data: CSV, method: 'store' }]);
    await run(served('/other.zip', zip));
    expect(await storedList(db)).toEqual(EXPECTED);
  });

  it('imports a plain CSV, whatever the URL says', async () => {
    await run(served('/list.zip', CSV));
    expect(await storedList(db)).toEqual(EXPECTED);
  });

  it('streams a large list in a ZIP', async () => {
    const rows = Array.from({ length: 50_000 }, (_, i) =>
      csvRow(`name${i}.com`, new Date(Date.UTC(2026, 11, 2, 0, 0, i))),
    );
    const r = await run(
      served('/big.zip', buildZip([{ name: 'pending_delete_domain_list.csv', data: rows.join('\n') }])),
    );
    expect(r).toMatchObject({ total: 50_000, rejected: 0 });
  });

  it('keeps credentials and query out of the source name', () => {
    expect(httpSource('https://user:secret@example.com/list.zip?token=abc').name).toBe(
      'https://example.com/list.zip',
    );
  });

  describe('fails cleanly and keeps the previous list', () => {
    it('HTTP 404', () =>
      expectFailure(
        httpSource(server.url('/nothing-here.zip')),
        /download of http:\/\/127\.0\.0\.1:\d+\/nothing-here\.zip failed: HTTP 404/,
      ));

    it('HTTP 500', () => expectFailure(served('/broken', 'oops', 500), /HTTP 500/));

    it('nobody listening', async () => {
      const gone = await startFileServer();
      const url = gone.url('/list.zip');
      await gone.close();
      await expectFailure(httpSource(url), /download of .* failed: ECONNREFUSED/);
    });

    it('an HTML page instead of the list', () =>
      expectFailure(
        served('/login', '<html>\n<body>\nPlease log in\n</body>\n</html>\n'),
        /4 of 4 rows are bad/,
      ));

    it('binary that is not a ZIP', () =>
      expectFailure(
        served('/gz', Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3])),
        /neither a CSV nor a ZIP/,
      ));

    it('a ZIP without a CSV', () =>
      expectFailure(
        served('/nocsv.zip', buildZip([{ name: 'readme.txt', data: 'hello' }])),
        /ZIP holds no CSV file \(found: readme\.txt\)/,
      ));

    it('a ZIP with several CSVs, none of them the list', () =>
      expectFailure(
        served(
          '/two.zip',
          buildZip([
            { name: 'a.csv', data: CSV },
            { name: 'b.csv', data: CSV },
          ]),
        ),
        /several CSV files .*a\.csv, b\.csv/,
      ));

    it('a truncated ZIP', () => {
      const zip = buildZip([{ name: 'pending_delete_domain_list.csv', data: CSV }]);
      return expectFailure(served('/cut.zip', zip.subarray(0, zip.length - 30)), /not a readable ZIP file/);
    });

    it('a ZIP whose data is corrupt', () => {
      const zip = buildZip([{ name: 'pending_delete_domain_list.csv', data: CSV, method: 'store' }]);
      zip[60] = zip[60]! ^ 0xff; // inside the stored CSV: the CRC no longer matches
      return expectFailure(
        served('/corrupt.zip', zip),
        /pending_delete_domain_list.csv in the ZIP is corrupt/,
      );
    });

    it('a deflated ZIP whose data is corrupt', () => {
      const zip = buildZip([{ name: 'pending_delete_domain_list.csv', data: CSV.repeat(50) }]);
      for (let i = 70; i < 90; i++) zip[i] = 0xff;
      return expectFailure(served('/corrupt-deflated.zip', zip), /invalid|corrupt/i);
    });
  });
});
