import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DAY, HOUR, MINUTE } from '../../src/clock.ts';
import type { Db } from '../../src/db/client.ts';
import { runBackorder, runBackorderIntoClosedPipe, runCliHere } from '../helpers/cli.ts';
import { freshDb } from '../helpers/db.ts';
import { assertLedgerInvariant } from '../helpers/ledger.ts';

// The whole road through the `backorder` command, as staff or a script would drive it, with the real
// sandbox registrar (REGISTRAR's default; SANDBOX_CATCH_RATE=1 catches every name): import the list,
// place, run passes at chosen instants, and read the result back.

const T0 = new Date('2027-05-10T08:00:00Z');
const DROP = new Date(T0.getTime() + 2 * DAY);
let db: Db;
const dir = mkdtempSync(join(tmpdir(), 'backorder-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  db = await freshDb();
  // the CLI reads its configuration from the environment, as it does in production
  process.env.DATABASE_URL = db.url;
  process.env.SANDBOX_CATCH_RATE = '1';
});
afterAll(() => {
  delete process.env.SANDBOX_CATCH_RATE;
});

const cli = (args: string[], at: Date = T0) => runCliHere(args, at);

const json = async (args: string[], at?: Date) => {
  const r = await cli([...args, '--json'], at);
  expect(r.err, args.join(' ')).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.out);
};

const csvTime = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');
function dropList(rows: Array<[string, Date]>): string {
  const path = join(dir, `list-${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(path, rows.map(([fqdn, d]) => `${fqdn};${csvTime(d)}`).join('\n'));
  return path;
}

/**
 * one pass at `at`, as `batch --now` run at T0 on the wall clock: the sandbox registrar answers for
 * the pass's instant, not for the moment the command runs
 */
const batch = (at: Date) => json(['batch', '--now', at.toISOString()]);

it('place, pass, catch, auction, sweep: the lifecycle through the CLI with the sandbox registrar', async () => {
  for (const name of ['Alice', 'Bob', 'Carol'])
    expect((await cli(['customer', 'add', name, '--currency', 'USD'])).code).toBe(0);
  expect((await cli(['pricing', 'set', 'com', 'USD', '10.00'])).code).toBe(0);
  expect((await cli(['customer', 'credit', 'Alice', '100', 'USD'])).code).toBe(0);
  expect((await cli(['customer', 'credit', 'Bob', '25', 'USD'])).code).toBe(0);
  const list = dropList([
    ['solo.com', DROP],
    ['duo.com', DROP],
    ['broke.com', DROP],
  ]);
  expect((await cli(['droplist', 'import', '--file', list])).code).toBe(0);

  const solo = await json(['backorder', 'place', 'Alice', 'solo.com']);
  expect(solo).toMatchObject({
    fqdn: 'solo.com',
    status: 'REQUESTED',
    dropAt: DROP.toISOString(),
    price: '10.00',
  });
  await json(['backorder', 'place', '1', 'duo.com']);
  await json(['backorder', 'place', 'Bob', 'DUO.com']);
  await json(['backorder', 'place', 'Carol', 'broke.com']);

  expect(await batch(new Date(T0.getTime() + HOUR))).toMatchObject({
    activated: 3,
    lowBalance: 1,
    errors: 0,
  });
  expect(await batch(new Date(DROP.getTime() - HOUR))).toMatchObject({ processing: 3, sent: 3, errors: 0 });
  // Before the sandbox settles (5 minutes after the drop) nothing is decided.
  expect(await batch(new Date(DROP.getTime() + MINUTE))).toMatchObject({ caught: 0, auctions: 0 });
  const settle = new Date(DROP.getTime() + 10 * MINUTE);
  expect(await batch(settle)).toMatchObject({ caught: 1, auctions: 1, errors: 0 });
  expect(await batch(settle)).toMatchObject({
    activated: 0,
    processing: 0,
    sent: 0,
    caught: 0,
    failed: 0,
    auctions: 0,
  });

  const after = await json(['backorder', 'list']);
  expect(
    after.items.map(
      (i: { fqdn: string; status: string; customerId: number }) => `${i.customerId} ${i.fqdn} ${i.status}`,
    ),
  ).toEqual([
    '3 broke.com REQUESTED',
    '2 duo.com AUCTION-PENDING',
    '1 duo.com AUCTION-PENDING',
    '1 solo.com SUCCESSFUL',
  ]);
  expect(after.counts).toEqual({ REQUESTED: 1, 'AUCTION-PENDING': 2, SUCCESSFUL: 1 });
  const alice = (await json(['customer', 'list'])).items.find((c: { name: string }) => c.name === 'Alice');
  expect(alice).toMatchObject({ balance: '90.00', held: '10.00', available: '80.00' });
  const owned = await db.prisma.ownedDomain.findMany();
  expect(owned.map((o) => `${o.customerId} ${o.fqdn} ${o.registrar}`)).toEqual(['1 solo.com sandbox']);

  const swept = await batch(new Date(DROP.getTime() + 2 * DAY + HOUR));
  expect(swept).toMatchObject({ failed: 1 });
  const carol = await json(['backorder', 'list', '--customer', 'Carol', '--status', 'failed']);
  expect(carol.items).toMatchObject([{ fqdn: 'broke.com', status: 'FAILED' }]);
  for (const id of [1, 2, 3]) await assertLedgerInvariant(db, id);
}, 120_000);

it('batch --now after the end of an auction closes it, as a script runs it in a child process', async () => {
  const open = await db.prisma.auction.findFirstOrThrow({ where: { fqdn: 'duo.com', status: 'OPEN' } });
  const run = await runBackorder(
    ['batch', '--now', new Date(open.endsAt.getTime() + MINUTE).toISOString(), '--json'],
    { DATABASE_URL: db.url, SANDBOX_CATCH_RATE: '1' },
  );
  expect(run.err).toBe('');
  expect(run.code).toBe(0);
  expect(JSON.parse(run.out)).toMatchObject({ auctionsClosed: 1, errors: 0 });

  const duo = await json(['backorder', 'list', '--text', 'duo']);
  expect(duo.items.map((i: { customerId: number; status: string }) => `${i.customerId} ${i.status}`)).toEqual(
    ['2 AUCTION-LOST', '1 AUCTION-WON'],
  );
  expect((await json(['auction', 'list'])).items).toMatchObject([{ fqdn: 'duo.com', status: 'CLOSED' }]);
  for (const id of [1, 2]) await assertLedgerInvariant(db, id);
}, 120_000);

it('an import moves drop times at once; droplist sync catches up with a list changed elsewhere', async () => {
  const later = new Date(DROP.getTime() + 10 * DAY);
  const moved = new Date(later.getTime() + 3 * HOUR);
  expect((await cli(['droplist', 'import', '--file', dropList([['moving.com', later]])])).code).toBe(0);
  const b = await json(['backorder', 'place', 'Alice', 'moving.com']);
  expect((await cli(['droplist', 'import', '--file', dropList([['moving.com', moved]])])).code).toBe(0);
  const dropOf = async () => (await json(['backorder', 'list', '--text', 'moving'])).items[0];
  expect(await dropOf()).toMatchObject({ id: b.id, dropAt: moved.toISOString() });
  expect(await json(['droplist', 'sync'])).toMatchObject({ changed: 0 });
  // The stored list changed without this process's import (as a store written by another tool would).
  const again = new Date(moved.getTime() + HOUR);
  await db.prisma.dropDomain.update({ where: { fqdn: 'moving.com' }, data: { dropAt: again } });
  expect(await json(['droplist', 'sync'])).toMatchObject({ changed: 1 });
  expect(await dropOf()).toMatchObject({ id: b.id, dropAt: again.toISOString() });
});

it('cancels and refuses with exit code 2 and a reason', async () => {
  const b = await json(['backorder', 'place', 'Bob', 'cancel-me.com']);
  const again = await cli(['backorder', 'place', 'Bob', 'cancel-me.com']);
  expect(again).toMatchObject({ code: 2, err: expect.stringMatching(/already backordered/) });
  expect(await json(['backorder', 'cancel', String(b.id)])).toMatchObject({
    id: b.id,
    status: 'CANCELLED',
    released: null,
  });
  expect(await cli(['backorder', 'cancel', String(b.id)])).toMatchObject({
    code: 2,
    err: expect.stringMatching(/already CANCELLED/),
  });
  const solo = (await json(['backorder', 'list', '--text', 'solo'])).items[0];
  expect(await cli(['backorder', 'cancel', String(solo.id)])).toMatchObject({
    code: 2,
    err: expect.stringMatching(/SUCCESSFUL/),
  });
});

it('Backorder Lite: place --lite, kind and finalizesAt in --json; on one caught name the regular is charged and the Lite outranked; too late is refused naming the deadline', async () => {
  expect((await cli(['pricing', 'set', 'net', 'USD', '10.00', '--lite', '4.00'])).code).toBe(0);
  const drop = new Date(T0.getTime() + 10 * DAY);
  const soon = new Date(T0.getTime() + HOUR);
  const list = dropList([
    ['mixed.net', drop],
    ['soon.net', soon],
  ]);
  expect((await cli(['droplist', 'import', '--file', list])).code).toBe(0);
  const deadline = new Date(drop.getTime() - 2 * HOUR).toISOString();
  const lite = await json(['backorder', 'place', 'Alice', 'mixed.net', '--lite']);
  expect(lite).toMatchObject({ kind: 'lite', price: '4.00', finalizesAt: deadline });
  const regular = await json(['backorder', 'place', 'Bob', 'mixed.net']);
  expect(regular).toMatchObject({ kind: 'regular', price: '10.00', finalizesAt: deadline });
  const text = await cli(['backorder', 'list', '--text', 'mixed']);
  expect(text.out).toMatch(new RegExp(`mixed\\.net +lite +REQUESTED +${drop.toISOString()} +${deadline}`));

  await batch(new Date(drop.getTime() - 2 * DAY));
  // the sandbox has no Lite class: only the regular one goes to the registrar
  expect(await batch(new Date(drop.getTime() - HOUR))).toMatchObject({ processing: 2, sent: 1 });
  await batch(new Date(drop.getTime() + 10 * MINUTE));
  const after = await json(['backorder', 'list', '--text', 'mixed']);
  expect(after.items.map((i: { kind: string; status: string }) => `${i.kind} ${i.status}`).sort()).toEqual([
    'lite FAILED',
    'regular SUCCESSFUL',
  ]);
  const liteRow = await db.prisma.backorder.findUniqueOrThrow({
    where: { id: lite.id },
    include: { hold: true },
  });
  expect(liteRow.hold?.status).toBe('RELEASED');
  for (const id of [1, 2]) await assertLedgerInvariant(db, id);

  const late = await cli(['backorder', 'place', 'Alice', 'soon.net']);
  expect(late).toMatchObject({
    code: 2,
    err: expect.stringContaining(
      `too late: orders and cancellations for soon.net closed at ${new Date(soon.getTime() - 2 * HOUR).toISOString().slice(0, 16).replace('T', ' ')} UTC (the finalization deadline)`,
    ),
  });
  expect(await db.prisma.backorder.count({ where: { fqdn: 'soon.net' } })).toBe(0);
}, 120_000);

it('validates every argument: exit code 2 with a message', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['backorder', 'place', 'Alice'], /missing argument/],
    [['backorder', 'place', 'Alice', 'not a name'], /not a name|characters/],
    [['backorder', 'place', 'Nobody', 'x.com'], /not found/],
    [['backorder', 'place', 'Alice', 'x.invalidzone'], /not offered/],
    [['backorder', 'cancel', 'abc'], /not a backorder id/],
    [['backorder', 'cancel', '0'], /not a backorder id/],
    [['backorder', 'cancel', '99999'], /not found/],
    [['backorder', 'list', '--status', 'WON'], /--status must be one of/],
    [['backorder', 'list', '--limit', '0'], /--limit/],
    [['batch', '--now', 'yesterday'], /--now must be an ISO-8601 instant/],
    [['batch', '--now', '2027-05-10T08:00:00'], /with Z or an offset/],
    [['batch', 'extra'], /unexpected argument/],
    [['droplist', 'sync', 'extra'], /unexpected argument/],
    [['backorder'], /"backorder" needs a sub-command[\s\S]*backorder backorder place CUSTOMER FQDN/],
    [['backorder', 'bid'], /unknown sub-command "backorder bid"/],
    [['backorders'], /unknown command "backorders"[\s\S]*--help/],
  ];
  for (const [args, message] of cases) {
    const r = await cli(args);
    expect({ args, code: r.code }).toEqual({ args, code: 2 });
    expect(r.err).toMatch(message);
  }
});

it('--help on a command group lists its sub-commands, exit 0', async () => {
  const r = await cli(['backorder', '--help']);
  expect(r).toMatchObject({ code: 0, err: '' });
  expect(r.out).toMatch(/backorder backorder place CUSTOMER FQDN[\s\S]*backorder backorder cancel ID/);
});

it('a reader that stops early (`| head`) costs no error: the command finishes and exits 0', async () => {
  for (const args of [['backorder', 'list'], ['backorder', 'list', '--json'], ['--help']]) {
    const r = await runBackorderIntoClosedPipe(args, { DATABASE_URL: db.url });
    expect({ args, ...r }).toEqual({ args, code: 0, out: '', err: '' });
  }
});

it('batch exits 1 only when the pass itself cannot run', async () => {
  const url = process.env.DATABASE_URL;
  process.env.DATABASE_URL = `file:${join(dir, 'not-a-dir.txt')}/x.db`;
  writeFileSync(join(dir, 'not-a-dir.txt'), 'a file where a folder should be');
  try {
    const r = await cli(['batch']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/failed/);
  } finally {
    process.env.DATABASE_URL = url;
  }
});

it('cancels a PROCESSING backorder stuck after its drop only with --reason; refusals exit 2', async () => {
  const drop = new Date(DROP.getTime() + 20 * DAY);
  expect((await cli(['droplist', 'import', '--file', dropList([['stuck-cli.com', drop]])])).code).toBe(0);
  const b = await json(['backorder', 'place', 'Alice', 'stuck-cli.com']);
  await batch(new Date(drop.getTime() - DAY));
  expect(await batch(new Date(drop.getTime() - HOUR))).toMatchObject({ sent: 1 });
  const id = String(b.id);
  const before = new Date(drop.getTime() - 30 * MINUTE);
  for (const args of [
    ['backorder', 'cancel', id],
    ['backorder', 'cancel', id, '--reason', 'registrar silent'],
  ]) {
    expect(await cli(args, before)).toMatchObject({
      code: 2,
      err: expect.stringMatching(/has not passed yet; staff can cancel .* once its drop time has passed/),
    });
  }
  // one minute after the drop the sandbox has no result yet: the backorder is stuck
  const after = new Date(drop.getTime() + MINUTE);
  const cases: Array<[string[], RegExp]> = [
    [[], /a reason is required to cancel backorder #\d+: .* \(--reason TEXT\)/],
    [['--reason', ''], /--reason must not be empty/],
    [['--reason', '  '], /--reason must not be empty/],
    [['--reason', 'x'.repeat(301)], /longer than 300 characters/],
    [['--reason'], /--reason/],
  ];
  for (const [extra, message] of cases) {
    const r = await cli(['backorder', 'cancel', id, ...extra], after);
    expect({ extra, code: r.code }).toEqual({ extra, code: 2 });
    expect(r.err).toMatch(message);
  }
  const alice = async () =>
    (await json(['customer', 'list'])).items.find((c: { name: string }) => c.name === 'Alice');
  const held = await alice();
  expect((await json(['backorder', 'list', '--text', 'stuck-cli'])).items[0].status).toBe('PROCESSING');

  const r = await cli(['backorder', 'cancel', id, '--reason', 'registrar gave no result', '--json'], after);
  expect(r.code).toBe(0);
  // the sandbox, like HEXONET, keeps an application once its name has dropped: logged as a warning
  expect(r.err).toMatch(/deleting the application at the registrar failed/);
  const done = JSON.parse(r.out);
  expect(done).toMatchObject({
    id: b.id,
    status: 'CANCELLED',
    released: '10.00',
    currency: 'USD',
    application: expect.any(String),
    applicationDeleted: false,
  });
  const freed = await alice();
  expect(Number(freed.held)).toBe(Number(held.held) - 10);
  expect(Number(freed.available)).toBe(Number(held.available) + 10);
  expect(freed.balance).toBe(held.balance);
  await assertLedgerInvariant(db, freed.id);
  const logs = await json(['logs', '--backorder', id]);
  expect(logs.items.map((l: { message: string }) => l.message)).toContain(
    'PROCESSING → CANCELLED by staff after the drop; hold of 10.00 USD released; reason: registrar gave no result',
  );
  expect(await cli(['backorder', 'cancel', id, '--reason', 'again'], after)).toMatchObject({
    code: 2,
    err: expect.stringMatching(/already CANCELLED/),
  });
});
