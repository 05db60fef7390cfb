import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DAY, fixedClock } from '../../src/clock.ts';
import { loadConfig } from '../../src/config.ts';
import type { Db } from '../../src/db/client.ts';
import { cnrSource } from '../../src/droplist/cnr-source.ts';
import { createDropList, type DropList } from '../../src/droplist/service.ts';
import { silentLogger } from '../../src/log.ts';
import { discardMetrics } from '../../src/metrics.ts';
import { deletePrice, setPrice } from '../../src/pricing/prices.ts';
import { createCnrClient } from '../../src/registrar/cnr/client.ts';
import { type FakeCnr, type PendingDelete, startFakeCnr } from '../fakes/cnr-server.ts';
import { freshDb } from '../helpers/db.ts';
import { storedList } from './helpers.ts';

// The drop list from CNR's QueryDomainPendingDeleteList, through the same import as a file: paged,
// only the priced zones unless all are asked for, bad rows counted, the stored list kept whole when
// a page fails.

const T1 = new Date('2030-06-01T12:00:00Z');
const clock = fixedClock(T1);
let db: Db;
let fake: FakeCnr;
let droplist: DropList;

/** `YYYY-MM-DD HH:MM:SS` `days` after T1, as CNR writes a date */
const at = (days: number, time = '10:00:00') =>
  `${new Date(T1.getTime() + days * DAY).toISOString().slice(0, 10)} ${time}`;
const iso = (days: number, time = '10:00:00') => `${at(days, time).replace(' ', 'T')}.000Z`;

const rows = (n: number, zone: string, days = 2): PendingDelete[] =>
  Array.from({ length: n }, (_, i) => ({ domain: `name${i}.${zone}`, finalizationDate: at(days) }));

const queries = () => fake.received.filter((r) => r.command === 'QueryDomainPendingDeleteList');

/** the source the service builds, but with small pages */
const paged = (pageSize: number, zones: 'all' | (() => Promise<string[]>) = 'all') =>
  cnrSource({
    client: createCnrClient({
      url: fake.url,
      login: fake.login,
      password: fake.password,
      timeoutMs: 2000,
      log: silentLogger,
    }),
    zones,
    pageSize,
  });

beforeAll(async () => {
  db = await freshDb();
  fake = await startFakeCnr();
  afterAll(() => fake.close());
  droplist = createDropList({
    db,
    clock,
    config: loadConfig({
      DROPLIST_SOURCE: 'cnr',
      CNR_URL: fake.url,
      CNR_LOGIN: fake.login,
      CNR_PASSWORD: fake.password,
    }),
    log: silentLogger,
    metrics: discardMetrics(),
  });
});

beforeEach(() => {
  fake.pendingDeletes.length = 0;
  fake.received.length = 0;
});

describe('drop list from CNR', () => {
  it('pages through the list with FIRST/LIMIT up to TOTAL, one session, stopped at the end', async () => {
    fake.pendingDeletes.push(...rows(25, 'com'));
    const r = await droplist.import(paged(10));
    expect(r).toMatchObject({ added: 25, updated: 0, removed: 0, rejected: 0, total: 25 });
    expect(r.source).toBe('CNR QueryDomainPendingDeleteList (all zones)');
    expect(queries().map((q) => [q.params.FIRST, q.params.LIMIT])).toEqual([
      ['0', '10'],
      ['10', '10'],
      ['20', '10'],
    ]);
    expect(fake.commands()).toEqual([
      'StartSession',
      'QueryDomainPendingDeleteList',
      'QueryDomainPendingDeleteList',
      'QueryDomainPendingDeleteList',
      'StopSession',
    ]);
    expect(fake.sessions.size).toBe(0);
    expect((await storedList(db)).get('name24.com')).toBe(iso(2));
  });

  it('stops at an empty page when the reply has no TOTAL', async () => {
    fake.pendingDeletes.push(...rows(20, 'com'));
    fake.failNext(
      { body: '[RESPONSE]\ncode = 200\ndescription = ok\nproperty[count][0] = 0\nEOF\n' },
      {
        command: 'QueryDomainPendingDeleteList',
        after: 1,
      },
    );
    const r = await droplist.import(paged(10));
    expect(r).toMatchObject({ total: 10 });
    expect(queries()).toHaveLength(2);
  });

  it('reads one page at a time, as the rows are taken', async () => {
    fake.pendingDeletes.push(...rows(25, 'com'));
    const pages = (await paged(10).open())[Symbol.asyncIterator]();
    const first = await pages.next();
    expect(first.value).toHaveLength(10);
    expect(first.value?.[0]).toBe(`name0.com;${at(2)}`);
    expect(queries()).toHaveLength(1);
    await pages.return?.();
    expect(fake.commands().at(-1)).toBe('StopSession');
  });

  it('asks only for the priced zones (0 = not offered); --all-zones asks for all', async () => {
    await setPrice(db.prisma, 'com', 'USD', 1000n);
    await setPrice(db.prisma, 'co.uk', 'EUR', 900n);
    await setPrice(db.prisma, 'net', 'USD', 0n);
    try {
      fake.pendingDeletes.push(...rows(3, 'com'), ...rows(2, 'co.uk'), ...rows(4, 'net'), ...rows(1, 'de'));
      const priced = await droplist.import(droplist.source());
      expect(priced).toMatchObject({ source: 'CNR QueryDomainPendingDeleteList (priced zones)', total: 5 });
      const zones = Object.entries(queries()[0]!.params).filter(([k]) => k.startsWith('ZONE'));
      expect(zones.map(([, v]) => v).sort()).toEqual(['CO.UK', 'COM']);
      expect([...(await storedList(db)).keys()].every((n) => /\.(com|co\.uk)$/.test(n))).toBe(true);

      fake.received.length = 0;
      const all = await droplist.import(droplist.source({ allZones: true }));
      expect(all).toMatchObject({
        source: 'CNR QueryDomainPendingDeleteList (all zones)',
        total: 10,
        added: 5,
      });
      expect(Object.keys(queries()[0]!.params).filter((k) => k.startsWith('ZONE'))).toEqual([]);
    } finally {
      for (const zone of ['com', 'co.uk', 'net']) await deletePrice(db.prisma, zone);
    }
  });

  it('refuses to ask for nothing when no zone has a price', async () => {
    fake.pendingDeletes.push(...rows(3, 'com'));
    await expect(droplist.import(droplist.source())).rejects.toMatchObject({
      code: 'IMPORT_FAILED',
      message: expect.stringMatching(/no zone has a price yet.*--all-zones/),
    });
    expect(queries()).toHaveLength(0);
  });

  it('takes a drop-time column over the finalization date, counts a row without a date as rejected', async () => {
    fake.pendingDeletes.push(
      { domain: 'dropdate.com', finalizationDate: at(3), dropDate: at(4, '19:30:00') },
      { domain: 'finalized.com', finalizationDate: at(3, '17:00:00') },
      { domain: 'bareday.com', dropDate: at(5).slice(0, 10) },
      { domain: 'fraction.com', dropDate: `${at(6)}.0` },
      { domain: 'undated.com' },
      { domain: 'bad;name.com', finalizationDate: at(3) },
      ...rows(4, 'biz'),
    );
    const r = await droplist.import(paged(100));
    expect(r).toMatchObject({ added: 8, rejected: 2 });
    expect(r.rejectedRows.map((x) => x.reason)).toEqual([
      expect.stringMatching(/invalid drop time "" for undated\.com/),
      expect.stringMatching(/invalid name "bad name\.com/),
    ]);
    const stored = await storedList(db);
    expect(stored.get('dropdate.com')).toBe(iso(4, '19:30:00'));
    expect(stored.get('finalized.com')).toBe(iso(3, '17:00:00'));
    expect(stored.get('bareday.com')).toBe(iso(5, '00:00:00'));
    expect(stored.get('fraction.com')).toBe(iso(6));
  });

  it.each([
    [
      'a 421',
      { code: 421, description: 'Command failed due to server error' },
      /page 3 \(rows from 20\).*421/,
    ],
    ['a connection cut mid-page', { truncate: true }, /page 3 \(rows from 20\).*network error/],
    ['a garbled page', { body: '<html>oops</html>' }, /page 3 \(rows from 20\).*423/],
  ] as const)('keeps the stored list whole when page 3 fails with %s', async (_what, fault, message) => {
    fake.pendingDeletes.push(...rows(12, 'org'));
    await droplist.import(paged(100));
    const before = await storedList(db);

    fake.pendingDeletes.length = 0;
    fake.pendingDeletes.push(...rows(30, 'info', 3));
    fake.failNext(fault, { command: 'QueryDomainPendingDeleteList', after: 2 });
    await expect(droplist.import(paged(10))).rejects.toMatchObject({
      code: 'IMPORT_FAILED',
      message: expect.stringMatching(message),
    });
    expect(await storedList(db)).toEqual(before);
    expect(fake.commands().at(-1)).toBe('StopSession');
    const failed = await db.prisma.dropImport.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(failed).toMatchObject({ ok: false, source: 'CNR QueryDomainPendingDeleteList (all zones)' });
  });
});
