import { formatAmount, parseAmount } from '../../src/domain/money.ts';
import { normaliseCurrency } from '../../src/pricing/prices.ts';
import type { Command } from './command.ts';
import { table } from './output.ts';

export const pricingCommands: Command[] = [
  {
    path: ['pricing', 'list'],
    summary: 'backorder prices per zone and currency, regular and Lite (0 = not offered)',
    async run(ctx) {
      const core = await ctx.core();
      const items = (await core.pricing.list()).map((p) => ({
        zone: p.zone,
        currency: p.currency,
        amount: formatAmount(p.amount, p.currency),
        lite: formatAmount(p.lite, p.currency),
      }));
      ctx.emit({ total: items.length, items });
      ctx.say(table(items, ['zone', 'currency', 'amount', 'lite']));
      ctx.say(`${items.length} price${items.length === 1 ? '' : 's'}`);
      return 0;
    },
  },
  {
    path: ['pricing', 'set'],
    summary: 'set the price of a zone in a currency, and with --lite its Backorder Lite price',
    usage: 'ZONE CURRENCY AMOUNT [--lite AMOUNT]',
    help: [
      'AMOUNT is a decimal in the currency, e.g. 12.50; 0 means the zone is not offered.',
      '--lite AMOUNT: the Backorder Lite price (lower priority: regular backorders of a name come first);',
      '0 stops offering Lite. Without --lite the Lite price stays as it was (none on a new zone).',
      'Example: backorder pricing set com USD 49.00 --lite 29.00',
    ].join('\n'),
    options: { lite: { type: 'string' } },
    positionals: { min: 3, max: 3, names: 'ZONE CURRENCY AMOUNT' },
    async run(ctx, { positionals, values }) {
      const [zone, code, text] = positionals as [string, string, string];
      const currency = normaliseCurrency(code);
      const amount = parseAmount(text, currency, { allowZero: true });
      const lite =
        typeof values.lite === 'string' ? parseAmount(values.lite, currency, { allowZero: true }) : undefined;
      const core = await ctx.core();
      const row = await core.pricing.set(zone, currency, amount, 'cli', lite);
      const shown = (a: bigint) => formatAmount(a, row.currency);
      ctx.emit({ zone: row.zone, currency: row.currency, amount: shown(row.amount), lite: shown(row.lite) });
      const regular = row.amount === 0n ? 'not offered' : `${shown(row.amount)} ${row.currency}`;
      const liteShown = row.lite === 0n ? 'not offered' : `${shown(row.lite)} ${row.currency}`;
      ctx.say(`.${row.zone} in ${row.currency}: ${regular}; Lite ${liteShown}`);
      return 0;
    },
  },
  {
    path: ['pricing', 'delete'],
    summary: 'remove the price of a zone (in one currency, or in all)',
    usage: 'ZONE [CURRENCY]',
    positionals: { min: 1, max: 2, names: 'ZONE [CURRENCY]' },
    async run(ctx, { positionals }) {
      const [zone, code] = positionals as [string, string | undefined];
      const currency = code === undefined ? undefined : normaliseCurrency(code);
      const core = await ctx.core();
      const deleted = await core.pricing.delete(zone, currency, 'cli');
      ctx.emit({ deleted });
      ctx.say(deleted ? `deleted ${deleted} price(s)` : 'no such price (nothing deleted)');
      return 0;
    },
  },
];
