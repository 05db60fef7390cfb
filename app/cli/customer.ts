import { formatAmount } from '../../src/domain/money.ts';
import { isDomainError, UsageError } from '../../src/errors.ts';
import type { Command } from './command.ts';
import { table } from './output.ts';
import { pageInfo, pageLine, pageOptions, pageUsage, readPage } from './paging.ts';

const KEY = /^[\x21-\x7e]{1,100}$/;

function idempotencyKey(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !KEY.test(value))
    throw new UsageError('--idempotency-key must be 1 to 100 visible ASCII characters without spaces');
  return value;
}

export const customerCommands: Command[] = [
  {
    path: ['customer', 'list'],
    summary: 'customers with their balances and identities',
    usage: `[TEXT] ${pageUsage}`,
    help: 'TEXT matches part of the name, the id or an identity (e.g. a Telegram user id).\n--limit: rows per page, 1-1000 (default 100).',
    options: pageOptions,
    positionals: { max: 1, names: 'TEXT' },
    async run(ctx, { values, positionals }) {
      const page = readPage(values, { default: 100, max: 1000 });
      const core = await ctx.core();
      const query = { text: positionals[0], limit: page.pageSize, offset: page.offset };
      const [customers, total] = await Promise.all([core.customers.list(query), core.customers.count(query)]);
      const info = pageInfo(page, total);
      const money = await core.billing.balancesMany(customers.map((c) => c.id));
      const items = customers.map((c) => {
        const b = money.get(c.id);
        const fmt = (v: bigint | undefined) => formatAmount(v ?? 0n, c.currency);
        return {
          id: c.id,
          name: c.name,
          currency: c.currency,
          language: c.language,
          balance: fmt(b?.balance),
          held: fmt(b?.held),
          unpaid: fmt(b?.unpaid),
          available: fmt(b?.available),
          identities: c.identities.map((i) => ({ platform: i.platform, externalId: i.externalId })),
        };
      });
      ctx.emit({ ...info, items });
      ctx.say(
        table(
          items.map((i) => ({
            ...i,
            identities: i.identities.map((x) => `${x.platform}:${x.externalId}`).join(' '),
          })),
          ['id', 'name', 'currency', 'balance', 'held', 'available', 'identities'],
        ),
      );
      ctx.say(pageLine(info, items.length, ['customer', 'customers']));
      return 0;
    },
  },
  {
    path: ['customer', 'add'],
    summary: 'create a customer account',
    usage: 'NAME [--currency C] [--language en|de]',
    options: { currency: { type: 'string' }, language: { type: 'string' } },
    positionals: { min: 1, max: 1, names: 'NAME' },
    async run(ctx, { values, positionals }) {
      const core = await ctx.core();
      const c = await core.customers.create(
        {
          name: positionals[0]!,
          currency: values.currency as string | undefined,
          language: values.language as string | undefined,
        },
        'cli',
      );
      ctx.emit({
        id: c.id,
        name: c.name,
        currency: c.currency,
        language: c.language,
        createdAt: c.createdAt.toISOString(),
      });
      ctx.say(`customer ${c.id} "${c.name}" created (${c.currency}, ${c.language})`);
      return 0;
    },
  },
  {
    path: ['customer', 'credit'],
    summary: "add money to a customer's prepaid balance",
    usage: 'CUSTOMER AMOUNT CURRENCY [--note TEXT] [--idempotency-key KEY]',
    help: [
      'CUSTOMER is the id, platform:id (e.g. telegram:12345) or the exact name.',
      'KEY makes the credit safe to retry: a repeat with the same key and amount credits nothing and',
      'says so; the same key with another customer, amount or currency is refused (exit 2).',
      'Without a key every run is a new credit.',
      'Example: backorder customer credit 7 100.00 USD --note "bank transfer 2026-03-01" --idempotency-key bank-4711',
    ].join('\n'),
    options: { note: { type: 'string' }, 'idempotency-key': { type: 'string' } },
    positionals: { min: 3, max: 3, names: 'CUSTOMER AMOUNT CURRENCY' },
    async run(ctx, { values, positionals }) {
      const [customer, amount, currency] = positionals as [string, string, string];
      const key = idempotencyKey(values['idempotency-key']);
      const core = await ctx.core();
      const r = await core.billing
        .credit({
          customer,
          amount,
          currency,
          note: values.note as string | undefined,
          actor: 'cli',
          idempotencyKey: key && `cli:credit:${key}`,
        })
        .catch((e: unknown) => {
          // The customer's currency is fixed: a credit in another one is a typo, not a failure.
          if (isDomainError(e) && e.code === 'CURRENCY_MISMATCH') throw new UsageError(e.message);
          if (isDomainError(e) && e.code === 'CONFLICT' && key !== undefined)
            throw new UsageError(
              `idempotency key "${key}" was already used for a different credit (another customer, amount or currency); nothing was credited`,
            );
          throw e;
        });
      const cur = r.balances.currency;
      const fmt = (v: bigint) => formatAmount(v, cur);
      ctx.emit({
        customerId: r.customer.id,
        entryId: r.entry.id,
        amount: fmt(r.entry.amount),
        currency: cur,
        repeated: !r.created,
        balance: fmt(r.balances.balance),
        held: fmt(r.balances.held),
        available: fmt(r.balances.available),
      });
      const balance = `balance ${fmt(r.balances.balance)}, available ${fmt(r.balances.available)}`;
      ctx.say(
        r.created
          ? `credited ${fmt(r.entry.amount)} ${cur} to customer ${r.customer.id} "${r.customer.name}": ${balance}`
          : `already credited with key "${key}" (entry ${r.entry.id} at ${r.entry.createdAt.toISOString()}): nothing credited again; customer ${r.customer.id} "${r.customer.name}": ${balance}`,
      );
      return 0;
    },
  },
];
