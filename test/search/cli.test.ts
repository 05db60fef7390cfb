import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../src/db/client.ts';
import { runBackorder } from '../helpers/cli.ts';
import { freshDatabaseUrl } from '../helpers/db.ts';
import { generateRows, storeRows } from './fixtures.ts';
import { type Ask, expected } from './oracle.ts';

// `backorder search` in a child process on its own database, migrated by the CLI itself. The CLI
// runs on the system clock, so the list is placed around the real now, with no drop within ten
// minutes of it (the answer must not depend on the second the test runs).

const start = Date.now();
const ROWS = generateRows(800, { seed: 9, from: new Date(start - 86_400_000), days: 3 }).filter(
  (r) => Math.abs(r.dropAt.getTime() - start) > 600_000,
);
let url: string;

const backorder = (args: string[]) => runBackorder(args, { DATABASE_URL: url });

beforeAll(async () => {
  const fresh = await freshDatabaseUrl();
  url = fresh.url;
  afterAll(() => fresh.drop());
  const migrated = await backorder(['db', 'migrate']);
  expect(migrated.code, migrated.err).toBe(0);
  const db = await openDb(url);
  await storeRows(db, ROWS);
  await db.close();
}, 120_000);

const check = async (args: string[], ask: Ask) => {
  const r = await backorder(['search', ...args, '--json']);
  expect(r.code, r.err).toBe(0);
  const body = JSON.parse(r.out) as { total: number; items: Record<string, unknown>[] };
  const want = expected(ROWS, ask, new Date());
  expect({ total: body.total, fqdns: body.items.map((i) => i.fqdn) }).toEqual(want);
  return body;
};

// Each run starts Node, tsx and a migration check: seconds each on a busy machine.
describe('backorder search (child process)', { timeout: 240_000 }, () => {
  it('lists future drops as JSON in the documented shape', async () => {
    const body = await check([], {});
    expect(body.total).toBeGreaterThan(100);
    for (const item of body.items) {
      expect(item).toMatchObject({
        fqdn: expect.any(String),
        zone: expect.any(String),
        dropAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        length: expect.any(Number),
        digits: expect.any(Number),
        hyphens: expect.any(Number),
      });
      expect(new Date(item.dropAt as string).getTime()).toBeGreaterThan(Date.now());
      // the finalization deadline a backorder placed now would get: 2 hours before the drop
      expect(new Date(item.finalizesAt as string).getTime()).toBe(
        new Date(item.dropAt as string).getTime() - 2 * 3_600_000,
      );
    }
  });

  it('takes the keyword, repeated and comma-listed zones, counts, sort and paging flags', async () => {
    await check(
      [
        'e',
        '--zone',
        'com',
        '--zone',
        'co.uk,de',
        '--max-length',
        '10',
        '--sort',
        'length:desc',
        '--limit',
        '5',
        '--page',
        '2',
      ],
      {
        keyword: 'e',
        zones: ['com', 'co.uk', 'de'],
        maxLength: 10,
        sort: 'length',
        order: 'desc',
        pageSize: 5,
        page: 2,
      },
    );
    const day = new Date(start + 86_400_000).toISOString().slice(0, 10);
    await check(['--from', day, '--to', day, '--no-hyphens', '--no-digits', '--sort', 'fqdn'], {
      from: day,
      to: day,
      noHyphens: true,
      noDigits: true,
      sort: 'fqdn',
    });
    await check(['*1', '--digits-only', '--include-past', '--min-length', '2', '--no-idn'], {
      keyword: '*1',
      digitsOnly: true,
      includePast: true,
      minLength: 2,
      excludeIdn: true,
    });
  });

  it('prints a table with the total and the page for people', async () => {
    const r = await backorder(['search', '--limit', '3']);
    expect(r.code, r.err).toBe(0);
    const total = expected(ROWS, {}, new Date()).total;
    expect(r.out).toMatch(/^domain\s+dropAt\s+length\s+digits\s+hyphens\s+zone/m);
    expect(r.out).toContain(`${total} names · page 1 of ${Math.ceil(total / 3)}`);
  });

  it('exits 2 with a message saying what is wrong', async () => {
    const cases: [string[], RegExp][] = [
      [['--min-length', 'x'], /--min-length: must be a whole number from 0 to 63 \(got "x"\)/],
      [['--sort', 'price'], /--sort: must be one of fqdn, dropAt, length, digits, hyphens/],
      [['--sort', 'length:up'], /--sort takes FIELD or FIELD:desc/],
      [['--from', '2026-13-45'], /--from: must be a date YYYY-MM-DD or an ISO-8601 instant/],
      [['--min-length', '5', '--max-length', '3'], /--min-length: 5 is more than --max-length is 3/],
      [['--limit', '500'], /--limit: must be a whole number from 1 to 100/],
      [['car.com'], /KEYWORD: "car.com" matches the label only/],
      [['a', 'b'], /unexpected argument "b"/],
      [['--bogus'], /bogus/],
    ];
    // Three at a time: a busy two-core machine starts a dozen Node processes slowly.
    for (let i = 0; i < cases.length; i += 3) {
      const batch = cases.slice(i, i + 3);
      const runs = await Promise.all(batch.map(([args]) => backorder(['search', ...args])));
      runs.forEach((r, j) => {
        expect(r.code, r.err).toBe(2);
        expect(r.err).toMatch(batch[j]![1]);
        expect(r.out).toBe('');
      });
    }
  });
});
