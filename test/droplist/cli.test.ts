import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FileServer, startFileServer } from '../fakes/file-server.ts';
import { runBackorder } from '../helpers/cli.ts';
import { freshDatabaseUrl } from '../helpers/db.ts';
import { tempDir } from './helpers.ts';
import { buildZip } from './zip.ts';

// The real `backorder` command in a child process, on its own database (SQLite file, or a fresh
// PostgreSQL database when the suite runs there). Drop times are far ahead: the CLI runs on the
// system clock.

const files = tempDir();
let url: string;
let server: FileServer;

beforeAll(async () => {
  const fresh = await freshDatabaseUrl();
  url = fresh.url;
  server = await startFileServer();
  afterAll(async () => {
    await server.close();
    await fresh.drop();
  });
});

const backorder = (args: string[], env: Record<string, string> = {}) =>
  runBackorder(args, { DATABASE_URL: url, DROPLIST_URL: '', REGISTRAR: 'sandbox', ...env }, 60_000);

const LIST = [
  'domain;drop_date',
  'alpha.com;2099-01-01 19:00:00',
  'beta.co.uk;2099-01-01 10:30:00',
  'gamma.de;2099-01-02 08:00:00',
];

// Each run starts Node, tsx and a migration check: seconds each on a busy machine.
describe('backorder droplist (child process)', { timeout: 120_000 }, () => {
  it('imports a file and reports the counts as JSON', async () => {
    const file = files.write('list.csv', [...LIST, 'not a row'].join('\r\n'));
    const r = await backorder(['droplist', 'import', '--file', file, '--json']);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ added: 3, updated: 0, removed: 0, rejected: 1, total: 3 });
    expect(JSON.parse(r.out).rejectedRows).toEqual([{ line: 5, reason: expect.stringMatching(/no ";"/) }]);
  });

  it('shows future drops per UTC day', async () => {
    const r = await backorder(['droplist', 'stats', '--json']);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      total: 3,
      days: [
        { date: '2099-01-01', count: 2 },
        { date: '2099-01-02', count: 1 },
      ],
    });
  });

  it('imports a ZIP from a URL, replacing the list', async () => {
    const csv = [
      'alpha.com;2099-01-01 19:00:00',
      'beta.co.uk;2099-01-03 10:30:00',
      'delta.us.com;2099-01-03 11:00:00',
    ].join('\n');
    server.serve('/pending_delete_domain_list.csv.zip', {
      body: buildZip([{ name: 'pending_delete_domain_list.csv', data: csv }]),
    });
    const r = await backorder([
      'droplist',
      'import',
      '--url',
      server.url('/pending_delete_domain_list.csv.zip'),
      '--json',
    ]);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ added: 1, updated: 1, removed: 1, rejected: 0, total: 3 });
  });

  it('exits 1 on an unusable list and keeps the stored one', async () => {
    const r = await backorder([
      'droplist',
      'import',
      '--file',
      files.write('x.gz', Buffer.from([0x1f, 0x8b, 8, 0])),
    ]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/neither a CSV nor a ZIP/);
    const missing = await backorder(['droplist', 'import', '--url', server.url('/gone.zip'), '--json']);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/HTTP 404/);
    expect(JSON.parse((await backorder(['droplist', 'stats', '--json'])).out).total).toBe(3);
  });

  it.each([
    [['--file', 'a.csv', '--url', 'https://example.com/list.zip'], /one of --file, --url and --source/],
    [['--file', '/no/such/list.csv'], /no such file: \/no\/such\/list\.csv/],
    [['--url', 'ftp://example.com/list.zip'], /--url must be an http/],
    [['--bogus'], /Unknown option/],
  ])('exits 2 on bad usage: %j', async (args, message) => {
    const r = await backorder(['droplist', 'import', ...args]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });

  it('imports the sandbox list when no source is configured', async () => {
    const r = await backorder(['droplist', 'import'], { SANDBOX_DROPLIST_SIZE: '2000' });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/from sandbox .*\nadded \d+, updated 0, removed 3, rejected 0, total \d+/);
    const total = Number(/total (\d+)/.exec(r.out)![1]);
    expect(total).toBeGreaterThan(1500);
    expect(total).toBeLessThanOrEqual(2400);
  });
});
