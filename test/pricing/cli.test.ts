import { afterAll, beforeAll, expect, it } from 'vitest';
import { runBackorder } from '../helpers/cli.ts';
import { freshDatabaseUrl } from '../helpers/db.ts';

// `backorder pricing …` end to end: a child process on its own database, as scripts run it.

let url: string;
let drop: () => Promise<void>;
beforeAll(async () => {
  ({ url, drop } = await freshDatabaseUrl());
});
afterAll(() => drop());

const cli = (...args: string[]) =>
  runBackorder(args, { DATABASE_URL: url, DEFAULT_CURRENCY: 'USD' }, 300_000);

it('sets, lists and deletes prices with --json shapes', { timeout: 300_000 }, async () => {
  expect(await cli('pricing', 'set', '.COM', 'usd', '12.5', '--json')).toMatchObject({ code: 0 });
  const set = await cli('pricing', 'set', 'us.com', 'JPY', '3000', '--json');
  expect(set.code).toBe(0);
  expect(JSON.parse(set.out)).toEqual({ zone: 'us.com', currency: 'JPY', amount: '3000', lite: '0' });
  expect((await cli('pricing', 'set', 'net', 'EUR', '0')).code).toBe(0);

  const list = await cli('pricing', 'list', '--json');
  expect(list.code).toBe(0);
  expect(JSON.parse(list.out)).toEqual({
    total: 3,
    items: [
      { zone: 'com', currency: 'USD', amount: '12.50', lite: '0.00' },
      { zone: 'net', currency: 'EUR', amount: '0.00', lite: '0.00' },
      { zone: 'us.com', currency: 'JPY', amount: '3000', lite: '0' },
    ],
  });

  const del = await cli('pricing', 'delete', 'net', '--json');
  expect({ code: del.code, out: JSON.parse(del.out) }).toEqual({ code: 0, out: { deleted: 1 } });
  const human = await cli('pricing', 'list');
  expect(human.out).toMatch(/com\s+USD\s+12\.50/);
  expect(human.out).not.toMatch(/net/);
});

it('sets a Lite price with --lite, keeps it when only the price changes, and 0 stops it', {
  timeout: 300_000,
}, async () => {
  const set = await cli('pricing', 'set', 'io', 'USD', '40', '--lite', '25.50');
  expect(set).toMatchObject({ code: 0, out: '.io in USD: 40.00 USD; Lite 25.50 USD\n' });
  const repriced = await cli('pricing', 'set', 'io', 'USD', '45', '--json');
  expect(JSON.parse(repriced.out)).toEqual({ zone: 'io', currency: 'USD', amount: '45.00', lite: '25.50' });
  const items = async () => JSON.parse((await cli('pricing', 'list', '--json')).out).items;
  expect((await items()).find((p: { zone: string }) => p.zone === 'io')).toEqual({
    zone: 'io',
    currency: 'USD',
    amount: '45.00',
    lite: '25.50',
  });
  const human = await cli('pricing', 'list');
  expect(human.out).toMatch(/zone\s+currency\s+amount\s+lite\n[\s\S]*io\s+USD\s+45\.00\s+25\.50/);
  expect((await cli('pricing', 'set', 'io', 'USD', '45', '--lite', '0')).out).toBe(
    '.io in USD: 45.00 USD; Lite not offered\n',
  );
  expect((await items()).find((p: { zone: string }) => p.zone === 'io')).toMatchObject({ lite: '0.00' });
  const bad = await cli('pricing', 'set', 'io', 'USD', '45', '--lite', '1.234');
  expect(bad).toMatchObject({ code: 2, err: expect.stringMatching(/more than 2 decimal places for USD/) });
  expect((await cli('pricing', 'delete', 'io')).code).toBe(0);
});

it('refuses bad input with exit code 2 and a message', { timeout: 300_000 }, async () => {
  // Every refusal the parsers make is unit-tested; here: that each kind reaches the user as exit 2.
  const cases: Array<[string[], RegExp]> = [
    [['pricing', 'set', 'com', 'USD', 'abc'], /"abc" is not an amount/],
    [['pricing', 'set', 'com', 'USD', '-5'], /"-5" is negative/],
    [['pricing', 'set', 'com', 'USD', '1.234'], /more than 2 decimal places for USD/],
    [['pricing', 'set', 'com', 'DOLLAR', '1'], /currency/],
    [['pricing', 'delete'], /missing argument/],
  ];
  // One after another: each child loads the whole core, and the suite runs beside other files.
  for (const [args, message] of cases) {
    const r = await cli(...args);
    expect({ args, code: r.code }).toEqual({ args, code: 2 });
    expect(r.err).toMatch(message);
  }
  const list = await cli('pricing', 'list', '--json');
  expect(JSON.parse(list.out).items.filter((p: { zone: string }) => p.zone === 'com')).toEqual([
    { zone: 'com', currency: 'USD', amount: '12.50', lite: '0.00' },
  ]);
});
