import { z } from 'zod';
import { jobDefinitions, nextRun } from '../../src/index.ts';
import { nothingMore, parseArgs } from './args.ts';
import { esc, header, message, sections, utc } from './blocks.ts';
import type { Feature } from './command.ts';

// `jobs`: each scheduled job with its UTC schedule, last run and next run, as the CLI's `jobs`.

const args = z.object({ rest: nothingMore });

const RESULT = {
  running: ':arrows_counterclockwise: running',
  ok: ':white_check_mark: ok',
  failed: ':x: failed',
};

export const jobs: Feature = {
  commands: [
    {
      name: 'jobs',
      help: [{ usage: 'jobs', does: 'scheduled jobs: schedule (UTC), last run and result, next run' }],
      async run(ctx, cmd) {
        parseArgs(
          args,
          { rest: cmd.page === undefined ? cmd.args : [...cmd.args, 'page', String(cmd.page)] },
          'jobs',
        );
        const now = ctx.core.clock.now();
        const lines = await Promise.all(
          jobDefinitions(ctx.core).map(async (job) => {
            const last = await ctx.core.jobs.lastRun(job.name);
            let run = 'never run';
            if (last) {
              const result = RESULT[last.result];
              const took = last.durationMs === null ? '' : ` in ${(last.durationMs / 1000).toFixed(1)} s`;
              run = `${utc(last.startedAt)} ${result}${took}${last.message ? `: ${esc(last.message.slice(0, 200))}` : ''}`;
            }
            const next = nextRun(job.schedule, now);
            return `*${job.name}* \`${job.schedule}\` — ${esc(job.description)}\n      last: ${run}\n      next: ${utc(next)}`;
          }),
        );
        return message('Scheduled jobs', [header('Scheduled jobs (UTC)'), ...sections(lines)]);
      },
    },
  ],
};
