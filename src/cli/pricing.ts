import { formatAmount, parseAmount } from '../domain/money.ts';
import { normaliseCurrency } from '../pricing/prices.ts';
import type { Command } from './command.ts';
import { table } from './output.ts';

export const pricingCommands: Command[] = [
  {
    path: ['pricing', 'list'],
    summary: 'backorder prices per zone and currency (0 = not offered)',
    async run(ctx) {
      const core = await ctx.core();
      const items = (await core.pricing.list()).map((p) => ({
        zone: p.zone,
        currency: p.currency,
        amount: formatAmount(p.amount, p.currency),
      }));
      ctx.emit({ total: items.length, items });
      ctx.say(table(items, ['zone', 'currency', 'amount']));
      ctx.say(`${items.length} price${items.length === 1 ? '' : 's'}`);
      return 0;
    },
  },
  {
    path: ['pricing', 'set'],
    summary: 'set the price of a zone in a currency',
    usage: 'ZONE CURRENCY AMOUNT',
    help: 'AMOUNT is a decimal in the currency, e.g. 12.50; 0 means the zone is not offered.\nExample: backorder pricing set com USD 49.00',
    positionals: { min: 3, max: 3, names: 'ZONE CURRENCY AMOUNT' },
    async run(ctx, { positionals }) {
      const [zone, code, text] = positionals as [string, string, string];
      const currency = normaliseCurrency(code);
      const amount = parseAmount(text, currency, { allowZero: true });
      const core = await ctx.core();
      const row = await core.pricing.set(zone, currency, amount, 'cli');
      const shown = formatAmount(row.amount, row.currency);
      ctx.emit({ zone: row.zone, currency: row.currency, amount: shown });
      ctx.say(
        amount === 0n
          ? `.${row.zone} is not offered in ${row.currency}`
          : `.${row.zone}: ${shown} ${row.currency}`,
      );
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
