import { z } from 'zod';
import { nothingMore, parseArgs } from './args.ts';
import { esc, note } from './blocks.ts';
import type { Feature } from './command.ts';

// `import`: replace the drop list from the configured source now. A large list takes minutes, so the
// command is acknowledged at once and the summary follows through respond() (response_url stays
// valid for 30 minutes). Who started it is audited; the importer logs the run itself.

const args = z.object({ rest: nothingMore });

export const importFeature: Feature = {
  commands: [
    {
      name: 'import',
      help: [{ usage: 'import', does: 'import the drop list now; the summary follows when it is done' }],
      ackText:
        ':hourglass_flowing_sand: Importing the drop list now. I will post the summary here when it is done.',
      async run(ctx, cmd) {
        parseArgs(
          args,
          { rest: cmd.page === undefined ? cmd.args : [...cmd.args, 'page', String(cmd.page)] },
          'import',
        );
        await ctx.core.logs.write({
          job: 'droplist-import',
          message: 'drop-list import started from Slack',
          actor: ctx.actor,
        });
        const r = await ctx.core.droplist.import();
        const n = (x: number) => x.toLocaleString('en');
        const rejected = r.rejectedRows.slice(0, 5).map((row) => `• line ${row.line}: ${esc(row.reason)}`);
        return note(
          [
            `:white_check_mark: Drop list imported (#${r.importId} from ${esc(r.source)}, ${(r.ms / 1000).toFixed(1)} s).`,
            `*${n(r.total)}* names listed: ${n(r.added)} added, ${n(r.updated)} with a new drop time, ${n(r.removed)} removed; ${n(r.rejected)} rows rejected, ${n(r.past)} already dropped.`,
            ...(rejected.length ? ['First rejected rows:', ...rejected] : []),
          ].join('\n'),
        );
      },
    },
  ],
};
