import { z } from 'zod';
import { formatAmount, parseAmount } from '../../src/index.ts';
import { amount, currency, fields, nothingMore, parseArgs, shown, UsageError, zone } from './args.ts';
import { note } from './blocks.ts';
import type { Feature, StaffContext } from './command.ts';
import { commandLine, listReply, pageWindow } from './paging.ts';

// `pricing`: the table of zones × currencies, and changing it. Prices are snapshotted into a hold
// when a backorder is activated, so a change here never alters money already held: every reply
// that changes a price says so, because that is the question staff ask next.

const ZONES_PER_PAGE = 40;
const HOLDS_KEPT = 'Holds already taken keep the amount they were taken at';
const HOLDS_UNCHANGED = `${HOLDS_KEPT}; backorders activated from now on are held at the new price.`;

const setArgs = z.object({ zone, currency, amount, rest: nothingMore });
const deleteArgs = z.object({ zone, currency: currency.optional(), rest: nothingMore });

async function table(ctx: StaffContext, page: number | undefined) {
  const prices = await ctx.core.pricing.list();
  const currencies = [...new Set(prices.map((p) => p.currency))].sort();
  const zones = [...new Set(prices.map((p) => p.zone))].sort();
  const w = pageWindow(page, zones.length, ZONES_PER_PAGE);
  const cell = new Map(
    prices.map((p) => [
      `${p.zone} ${p.currency}`,
      p.amount === 0n ? 'off' : formatAmount(p.amount, p.currency),
    ]),
  );
  const shown = zones.slice(w.skip, w.skip + w.take);
  const zoneWidth = Math.max(4, ...shown.map((z) => z.length + 1));
  const widths = currencies.map((c) =>
    Math.max(c.length, ...shown.map((z) => (cell.get(`${z} ${c}`) ?? '–').length)),
  );
  const line = (first: string, cells: string[]) =>
    [first.padEnd(zoneWidth), ...cells.map((c, i) => c.padStart(widths[i]!))].join('  ').trimEnd();
  const rows = shown.length
    ? [
        line('zone', currencies),
        ...shown.map((z) =>
          line(
            `.${z}`,
            currencies.map((c) => cell.get(`${z} ${c}`) ?? '–'),
          ),
        ),
      ]
    : [];
  return listReply({
    title: 'Backorder prices',
    summary: `${zones.length} zone(s) in ${currencies.length} currenc${currencies.length === 1 ? 'y' : 'ies'} · *off* or – = not offered`,
    rows,
    table: true,
    window: w,
    commandFor: (n) => commandLine('pricing', 'page', String(n)),
    empty: 'No prices yet: no zone can be backordered. Add one with `/backorder pricing set com USD 49.00`.',
    footer: HOLDS_UNCHANGED,
  });
}

export const pricing: Feature = {
  commands: [
    {
      name: 'pricing',
      help: [
        { usage: 'pricing [page N]', does: 'prices per zone and currency', example: 'pricing page 2' },
        {
          usage: 'pricing set ZONE CURRENCY AMOUNT',
          does: 'set a price (0 = not offered); holds already taken are not changed',
          example: 'pricing set com USD 49.00',
        },
        {
          usage: 'pricing delete ZONE [CURRENCY]',
          does: 'stop offering a zone (in one currency, or all)',
          example: 'pricing delete net EUR',
        },
      ],
      async run(ctx, cmd) {
        const [sub, ...rest] = cmd.args;
        if (sub === undefined) return table(ctx, cmd.page);
        switch (sub.toLowerCase()) {
          case 'set': {
            const a = parseArgs(
              setArgs,
              fields(rest, ['zone', 'currency', 'amount']),
              'pricing set ZONE CURRENCY AMOUNT',
            );
            const minor = parseAmount(a.amount, a.currency, { allowZero: true });
            const before = await ctx.core.pricing.get(a.zone, a.currency);
            const row = await ctx.core.pricing.set(a.zone, a.currency, minor, ctx.actor);
            const now =
              row.amount === 0n ? 'not offered' : `${formatAmount(row.amount, row.currency)} ${row.currency}`;
            const was =
              before === null ? 'not offered' : `${formatAmount(before, row.currency)} ${row.currency}`;
            return note(
              `:white_check_mark: The price of *.${row.zone}* in ${row.currency} is now *${now}* (was ${was}).\n${HOLDS_UNCHANGED}`,
            );
          }
          case 'delete': {
            const a = parseArgs(
              deleteArgs,
              fields(rest, ['zone', 'currency']),
              'pricing delete ZONE [CURRENCY]',
            );
            const count = await ctx.core.pricing.delete(a.zone, a.currency, ctx.actor);
            const which = `*.${a.zone.replace(/^\./, '').toLowerCase()}*${a.currency ? ` in ${a.currency}` : ''}`;
            return note(
              count === 0
                ? `There was no price for ${which}: nothing changed.`
                : `:white_check_mark: Deleted ${count} price(s) of ${which}: it can no longer be backordered${a.currency ? ` in ${a.currency}` : ''}.\n${HOLDS_KEPT}.`,
            );
          }
          default:
            throw new UsageError(
              `${shown(sub)} is not a pricing sub-command.\nUsage: \`/backorder pricing [page N]\`, \`/backorder pricing set ZONE CURRENCY AMOUNT\` or \`/backorder pricing delete ZONE [CURRENCY]\``,
            );
        }
      },
    },
  ],
};
