import { z } from 'zod';
import { DAY, formatMoney, STATUSES } from '../../src/index.ts';
import { nothingMore, parseArgs } from './args.ts';
import { context, header, message, sections, utc } from './blocks.ts';
import type { Feature, StaffContext } from './command.ts';

// `stats`: backorders by status, catches and revenue this week and this month (UTC), and the drop
// list's size and last import.

const args = z.object({ rest: nothingMore });
const UPCOMING_DAYS = 5;

/** Monday 00:00 UTC of the week of `now` */
function weekStart(now: Date): Date {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(midnight - ((now.getUTCDay() + 6) % 7) * DAY);
}

const monthStart = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));

async function since(ctx: StaffContext, from: Date) {
  const { caught, revenue } = await ctx.core.stats.figuresSince(from);
  const money = revenue.map((r) => formatMoney(r.amount, r.currency));
  return `${caught} catch${caught === 1 ? '' : 'es'} · revenue ${money.length ? money.join(', ') : 'none'}`;
}

export const stats: Feature = {
  commands: [
    {
      name: 'stats',
      help: [
        {
          usage: 'stats',
          does: 'backorders by status, catches and revenue this week and month, drop-list size and last import',
        },
      ],
      async run(ctx, cmd) {
        parseArgs(
          args,
          { rest: cmd.page === undefined ? cmd.args : [...cmd.args, 'page', String(cmd.page)] },
          'stats',
        );
        const now = ctx.core.clock.now();
        const week = weekStart(now);
        const month = monthStart(now);
        const [all, thisWeek, thisMonth, drops, lastImport] = await Promise.all([
          ctx.core.backorders.list({ page: 1, pageSize: 1 }),
          since(ctx, week),
          since(ctx, month),
          ctx.core.droplist.stats(),
          ctx.core.droplist.lastImport(),
        ]);
        const byStatus = STATUSES.filter((s) => all.counts[s]).map((s) => `${s} ${all.counts[s]}`);
        const upcoming = drops.days
          .slice(0, UPCOMING_DAYS)
          .map((d) => `${d.date} ${d.count.toLocaleString('en')}`);
        return message('Backorder stats', [
          header('Backorder stats'),
          ...sections([
            `*Backorders* ${all.total.toLocaleString('en')}${byStatus.length ? `: ${byStatus.join(' · ')}` : ''}`,
            `*This week* (since ${utc(week)}): ${thisWeek}`,
            `*This month* (since ${utc(month)}): ${thisMonth}`,
            `*Drop list* ${drops.total.toLocaleString('en')} name${drops.total === 1 ? '' : 's'} to drop${upcoming.length ? ` · next days: ${upcoming.join(' · ')}` : ''}`,
            `*Last import* ${lastImport ? `${utc(lastImport.finishedAt)} (#${lastImport.id}, ${lastImport.total.toLocaleString('en')} names)` : 'never'}`,
          ]),
          context(`As of ${utc(now)}. Catches count SUCCESSFUL and AUCTION-WON; revenue is paid invoices.`),
        ]);
      },
    },
  ],
};
