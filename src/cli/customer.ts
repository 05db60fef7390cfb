import { formatAmount } from '../domain/money.ts';
import { isDomainError } from '../errors.ts';
import { type Command, intOption, UsageError } from './command.ts';
import { table } from './output.ts';

export const customerCommands: Command[] = [
  {
    path: ['customer', 'list'],
    summary: 'customers with their balances and identities',
    usage: '[TEXT] [--limit N] [--page N]',
    help: 'TEXT matches part of the name, the id or an identity (e.g. a Telegram user id).',
    options: { limit: { type: 'string' }, page: { type: 'string' } },
    positionals: { max: 1, names: 'TEXT' },
    async run(ctx, { values, positionals }) {
      const limit = intOption(values.limit, 'limit', 1, 1000) ?? 100;
      const page = intOption(values.page, 'page', 1, 1_000_000) ?? 1;
      const core = await ctx.core();
      const customers = await core.customers.list({
        text: positionals[0],
        limit,
        offset: (page - 1) * limit,
      });
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
      ctx.emit({ items });
      ctx.say(
        table(
          items.map((i) => ({
            ...i,
            identities: i.identities.map((x) => `${x.platform}:${x.externalId}`).join(' '),
          })),
          ['id', 'name', 'currency', 'balance', 'held', 'available', 'identities'],
        ),
      );
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
    usage: 'CUSTOMER AMOUNT CURRENCY [--note TEXT]',
    help: 'CUSTOMER is the id, platform:id (e.g. telegram:12345) or the exact name.\nExample: backorder customer credit 7 100.00 USD --note "bank transfer 2026-03-01"',
    options: { note: { type: 'string' } },
    positionals: { min: 3, max: 3, names: 'CUSTOMER AMOUNT CURRENCY' },
    async run(ctx, { values, positionals }) {
      const [customer, amount, currency] = positionals as [string, string, string];
      const core = await ctx.core();
      const r = await core.billing
        .credit({ customer, amount, currency, note: values.note as string | undefined, actor: 'cli' })
        .catch((e: unknown) => {
          // The customer's currency is fixed: a credit in another one is a typo, not a failure.
          if (isDomainError(e) && e.code === 'CURRENCY_MISMATCH') throw new UsageError(e.message);
          throw e;
        });
      const cur = r.balances.currency;
      const fmt = (v: bigint) => formatAmount(v, cur);
      ctx.emit({
        customerId: r.customer.id,
        entryId: r.entry.id,
        amount: fmt(r.entry.amount),
        currency: cur,
        balance: fmt(r.balances.balance),
        held: fmt(r.balances.held),
        available: fmt(r.balances.available),
      });
      ctx.say(
        `credited ${fmt(r.entry.amount)} ${cur} to customer ${r.customer.id} "${r.customer.name}": balance ${fmt(r.balances.balance)}, available ${fmt(r.balances.available)}`,
      );
      return 0;
    },
  },
];
