import type { Command } from './command.ts';

// `droplist sync`: open backorders take their drop times from the imported list (also run by the
// jobs at 01:01 and 11:01 UTC and after every import).

export const droplistSyncCommands: Command[] = [
  {
    path: ['droplist', 'sync'],
    summary: "update open backorders' drop times from the imported drop list",
    async run(ctx) {
      const core = await ctx.core();
      const r = await core.backorders.syncDropDates();
      ctx.emit(r);
      ctx.say(
        `${r.checked} open backorder(s) checked: ${r.changed} drop time(s) changed, ${r.delisted} newly missing from the list`,
      );
      return 0;
    },
  },
];
