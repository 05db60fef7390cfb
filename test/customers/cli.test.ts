import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDb } from '../../src/db/client.ts';
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

  const db = createDb(url);
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
