import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDb } from '../../src/db/client.ts';
import { runBackorder } from '../helpers/cli.ts';
import { freshDatabaseUrl } from '../helpers/db.ts';

// `backorder customer …` end to end: a child process on its own database, as scripts run it.

let url: string;
let drop: () => Promise<void>;
beforeAll(async () => {
  ({ url, drop } = await freshDatabaseUrl());
});
afterAll(() => drop());

const cli = (...args: string[]) =>
  runBackorder(args, { DATABASE_URL: url, DEFAULT_CURRENCY: 'EUR' }, 300_000);

it('adds, credits and lists customers with --json shapes and audit rows', { timeout: 300_000 }, async () => {
  const added = await cli('customer', 'add', 'Ann Example', '--currency', 'usd', '--json');
  expect(added.code).toBe(0);
  const ann = JSON.parse(added.out);
  expect(ann).toMatchObject({ id: expect.any(Number), name: 'Ann Example', currency: 'USD', language: 'en' });
  const bert = JSON.parse((await cli('customer', 'add', 'Bert', '--language', 'de', '--json')).out);
  expect(bert).toMatchObject({ currency: 'EUR', language: 'de' });

  const credit = await cli(
    'customer',
    'credit',
    'Ann Example',
    '12.5',
    'USD',
    '--note',
    'bank transfer',
    '--json',
  );
  expect(credit.code).toBe(0);
  expect(JSON.parse(credit.out)).toMatchObject({
    customerId: ann.id,
    amount: '12.50',
    currency: 'USD',
    balance: '12.50',
    held: '0.00',
    available: '12.50',
  });
  // The same command twice is two credits: each invocation is its own payment.
  expect((await cli('customer', 'credit', String(ann.id), '0.50', 'usd')).code).toBe(0);

  const list = await cli('customer', 'list', '--json');
  expect(list.code).toBe(0);
  expect(JSON.parse(list.out)).toMatchObject({
    items: [
      {
        id: ann.id,
        name: 'Ann Example',
        currency: 'USD',
        balance: '13.00',
        held: '0.00',
        available: '13.00',
        identities: [],
      },
      {
        id: bert.id,
        name: 'Bert',
        currency: 'EUR',
        balance: '0.00',
        held: '0.00',
        available: '0.00',
        identities: [],
      },
    ],
  });
  expect(JSON.parse((await cli('customer', 'list', 'Bert', '--json')).out).items).toHaveLength(1);

  const db = await openDb(url);
  try {
    const rows = await db.prisma.log.findMany({ where: { job: 'credit' }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.actor, r.message])).toEqual([
      ['cli', `credited 12.50 USD to customer ${ann.id} "Ann Example": bank transfer`],
      ['cli', `credited 0.50 USD to customer ${ann.id} "Ann Example"`],
    ]);
    expect(await db.prisma.log.count({ where: { job: 'customer' } })).toBe(2);
  } finally {
    await db.close();
  }
});

it('refuses bad input with exit code 2 and a message', { timeout: 300_000 }, async () => {
  await cli('customer', 'add', 'Only Euro');
  // Every refusal the parsers make is unit-tested; here: that each kind reaches the user as exit 2.
  const cases: Array<[string[], RegExp]> = [
    [['customer', 'credit', 'Only Euro', '10', 'USD'], /pays in EUR, not USD/],
    [['customer', 'credit', 'Only Euro', 'ten', 'EUR'], /"ten" is not an amount/],
    [['customer', 'credit', 'telegram:404', '10', 'EUR'], /not found/],
    [['customer', 'add', 'X', '--language', 'fr'], /language/],
  ];
  // One after another: each child loads the whole core, and the suite runs beside other files.
  for (const [args, message] of cases) {
    const r = await cli(...args);
    expect({ args, code: r.code }).toEqual({ args, code: 2 });
    expect(r.err).toMatch(message);
  }
  const list = JSON.parse((await cli('customer', 'list', 'Only Euro', '--json')).out);
  expect(list.items).toMatchObject([{ name: 'Only Euro', balance: '0.00' }]);
});

it('a credit retried with the same --idempotency-key credits once and says so', {
  timeout: 300_000,
}, async () => {
  const id = JSON.parse((await cli('customer', 'add', 'Retrying Rita', '--json')).out).id as number;
  const credit = (amount: string, key: string) =>
    cli('customer', 'credit', String(id), amount, 'EUR', '--idempotency-key', key, '--json');

  const first = await credit('25.00', 'bank-4711');
  expect(first.code).toBe(0);
  expect(JSON.parse(first.out)).toMatchObject({ amount: '25.00', balance: '25.00', repeated: false });
  // The script did not see the answer and runs the same command again.
  const again = await credit('25.00', 'bank-4711');
  expect(again.code).toBe(0);
  expect(JSON.parse(again.out)).toMatchObject({
    entryId: JSON.parse(first.out).entryId,
    balance: '25.00',
    repeated: true,
  });
  const text = await cli('customer', 'credit', String(id), '25', 'EUR', '--idempotency-key', 'bank-4711');
  expect(text.out).toMatch(/already credited with key "bank-4711".*nothing credited again.*balance 25\.00/);

  const other = await credit('30.00', 'bank-4711');
  expect(other.code).toBe(2);
  expect(other.err).toMatch(/"bank-4711" was already used for a different credit.*nothing was credited/);
  expect((await cli('customer', 'credit', String(id), '1', 'EUR', '--idempotency-key', 'a b')).code).toBe(2);

  const list = JSON.parse((await cli('customer', 'list', String(id), '--json')).out);
  expect(list.items).toMatchObject([{ id, balance: '25.00' }]);
});

it('customer list says how many there are and how to get the rest', { timeout: 300_000 }, async () => {
  const db = await openDb(url);
  try {
    const before = await db.prisma.customer.count();
    await db.prisma.customer.createMany({
      data: Array.from({ length: 148 - before }, (_, i) => ({
        name: `Bulk ${String(i).padStart(3, '0')}`,
        currency: 'EUR',
        language: 'en',
      })),
    });
  } finally {
    await db.close();
  }
  const first = JSON.parse((await cli('customer', 'list', '--json')).out);
  expect(first).toMatchObject({ total: 148, page: 1, pageSize: 100, pages: 2 });
  expect(first.items).toHaveLength(100);
  const second = JSON.parse((await cli('customer', 'list', '--page', '2', '--json')).out);
  expect(second).toMatchObject({ total: 148, page: 2, pages: 2 });
  expect(second.items).toHaveLength(48);
  expect(new Set([...first.items, ...second.items].map((c: { id: number }) => c.id)).size).toBe(148);

  const text = await cli('customer', 'list', '--limit', '50');
  expect(text.out).toMatch(/148 customers, 1-50 shown \(page 1 of 3\); next: --page 2/);
  const filtered = JSON.parse((await cli('customer', 'list', 'Bulk 00', '--json')).out);
  expect(filtered).toMatchObject({ total: 10, pages: 1 });
});
