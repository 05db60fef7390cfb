import { writeLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/client.ts';
import type { BackorderKind } from '../domain/kind.ts';
import { formatMoney } from '../domain/money.ts';
import { deletePrice, getPrice, listPrices, setPrice } from './prices.ts';

// Pricing as the edges (CLI, Slack) use it: each change in one transaction with its audit row.

export function pricingService(db: Db, clock: Clock) {
  return {
    list: () => listPrices(db.prisma),
    get: (zone: string, currency: string, kind?: BackorderKind) => getPrice(db.prisma, zone, currency, kind),
    /** `lite` left out keeps the Lite price as it is */
    set: (zone: string, currency: string, amount: bigint, actor = 'system', lite?: bigint) =>
      db.tx(async (tx) => {
        const row = await setPrice(tx, zone, currency, amount, lite);
        const shown = (a: bigint) => (a === 0n ? '0 (not offered)' : formatMoney(a, row.currency));
        await writeLog(tx, clock.now(), {
          job: 'pricing',
          message: `price of .${row.zone} in ${row.currency} set to ${shown(amount)}${
            lite === undefined ? '' : `, Lite ${shown(lite)}`
          }`,
          actor,
        });
        return row;
      }),
    delete: (zone: string, currency: string | undefined, actor = 'system') =>
      db.tx(async (tx) => {
        const count = await deletePrice(tx, zone, currency);
        if (count > 0) {
          const which = currency ? ` in ${currency.toUpperCase()}` : '';
          await writeLog(tx, clock.now(), {
            job: 'pricing',
            message: `price of .${zone}${which} deleted (${count} row(s))`,
            actor,
          });
        }
        return count;
      }),
  };
}
