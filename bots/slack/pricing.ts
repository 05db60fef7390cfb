import { z } from 'zod';
import { formatAmount, formatMoney, parseAmount, UsageError } from '../../src/index.ts';
import { amount, currency, fields, nothingMore, parseArgs, shown, zone } from './args.ts';
import { note } from './blocks.ts';
import type { Feature, StaffContext } from './command.ts';
import { commandLine, listReply, pageWindow } from './paging.ts';

// `pricing`: the table of zones × currencies, and changing it. Prices are snapshotted into a hold
// when a backorder is activated, so a change here never alters money already held: every reply
// that changes a price says so, because that is the question staff ask next.

const ZONES_PER_PAGE = 40;
const HOLDS_KEPT = 'Holds already taken keep the amount they were taken at';
const HOLDS_UNCHANGED = `${HOLDS_KEPT}; backorders activated from now on are held at the new price.`;

const setUsage = 'pricing set ZONE CURRENCY AMOUNT [lite AMOUNT]';
const setArgs = z.object({ zone, currency, amount, lite: amount.optional(), rest: nothingMore });
const setLiteArgs = setArgs.extend({ lite: amount });
const deleteArgs = z.object({ zone, currency: currency.optional(), rest: nothingMore });

async function table(ctx: StaffContext, page: number | undefined) {
  const prices = await ctx.core.pricing.list();
  const currencies = [...new Set(prices.map((p) => p.currency))].sort();
  const zones = [...new Set(prices.map((p) => p.zone))].sort();
  const w = pageWindow(page, zones.length, ZONES_PER_PAGE);
  const shownAmount = (a: bigint, c: string) => (a === 0n ? 'off' : formatAmount(a, c));
  const cell = new Map(
    prices.map((p) => [
      `${p.zone} ${p.currency}`,
      `${shownAmount(p.amount, p.currency)}${p.lite > 0n ? ` · L ${formatAmount(p.lite, p.currency)}` : ''}`,
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
    summary: `${zones.length} zone(s) in ${currencies.length} currenc${currencies.length === 1 ? 'y' : 'ies'} · *off* or – = not offered · L = the Backorder Lite price`,
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
          usage: setUsage,
          does: 'set a price (0 = not offered), and after lite the Backorder Lite price (0 = no Lite; left out = unchanged); holds already taken are not changed',
          example: 'pricing set com USD 49.00 lite 29.00',
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
            const typed = fields(rest, ['zone', 'currency', 'amount']);
            // `lite AMOUNT` after the price; a lone `lite` is an AMOUNT missing
            const liteGiven = typed.rest[0]?.toLowerCase() === 'lite';
            const a = parseArgs(
              liteGiven ? setLiteArgs : setArgs,
              {
                ...typed,
                lite: liteGiven ? typed.rest[1] : undefined,
                rest: liteGiven ? typed.rest.slice(2) : typed.rest,
              },
              setUsage,
            );
            const minor = parseAmount(a.amount, a.currency, { allowZero: true });
            const lite =
              a.lite === undefined ? undefined : parseAmount(a.lite, a.currency, { allowZero: true });
            const [before, liteBefore] = await Promise.all([
              ctx.core.pricing.get(a.zone, a.currency),
              ctx.core.pricing.get(a.zone, a.currency, 'lite'),
            ]);
            const row = await ctx.core.pricing.set(a.zone, a.currency, minor, ctx.actor, lite);
            const offered = (v: bigint | null) =>
              v === null || v === 0n ? 'not offered' : formatMoney(v, row.currency);
            const liteLine =
              lite === undefined
                ? ''
                : ` Backorder Lite: *${offered(row.lite)}* (was ${offered(liteBefore)}).`;
            return note(
              `:white_check_mark: The price of *.${row.zone}* in ${row.currency} is now *${offered(row.amount)}* (was ${offered(before)}).${liteLine}\n${HOLDS_UNCHANGED}`,
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
              `${shown(sub)} is not a pricing sub-command.\nUsage: \`/backorder pricing [page N]\`, \`/backorder ${setUsage}\` or \`/backorder pricing delete ZONE [CURRENCY]\``,
            );
        }
      },
    },
  ],
};
