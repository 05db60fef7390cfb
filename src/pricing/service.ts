import { writeLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/client.ts';
import { formatAmount } from '../domain/money.ts';
import { deletePrice, getPrice, listPrices, setPrice } from './prices.ts';

// Pricing as the edges (CLI, Slack) use it: each change in one transaction with its audit row.

export function pricingService(db: Db, clock: Clock) {
  return {
    list: () => listPrices(db.prisma),
    get: (zone: string, currency: string) => getPrice(db.prisma, zone, currency),
    set: (zone: string, currency: string, amount: bigint, actor = 'system') =>
      db.tx(async (tx) => {
        const row = await setPrice(tx, zone, currency, amount);
        const shown =
          amount === 0n ? '0 (not offered)' : `${formatAmount(amount, row.currency)} ${row.currency}`;
        await writeLog(tx, clock.now(), {
          job: 'pricing',
          message: `price of .${row.zone} in ${row.currency} set to ${shown}`,
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
