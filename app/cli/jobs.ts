import type { Command } from './command.ts';
import { table } from './output.ts';

export const jobsCommands: Command[] = [
  {
    path: ['jobs'],
    summary: "each job's schedule (UTC), last run, duration and result, next run",
    async run(ctx) {
      const [core, { jobDefinitions }, { nextRun }] = await Promise.all([
        ctx.core(),
        import('../../src/jobs/definitions.ts'),
        import('../../src/jobs/scheduler.ts'),
      ]);
      const now = ctx.clock.now();
      const items = [];
      for (const job of jobDefinitions(core)) {
        const last = await core.jobs.lastRun(job.name);
        items.push({
          name: job.name,
          schedule: job.schedule,
          description: job.description,
          nextRun: nextRun(job.schedule, now)?.toISOString() ?? null,
          lastRun: last
            ? {
                startedAt: last.startedAt.toISOString(),
                finishedAt: last.finishedAt?.toISOString() ?? null,
                durationMs: last.durationMs,
                result: last.result,
                message: last.message,
                instance: last.instance,
              }
            : null,
        });
      }
      ctx.emit({ items });
      ctx.say(
        table(
          items.map((j) => ({
            job: j.name,
            'schedule (UTC)': j.schedule,
            'last run': j.lastRun?.startedAt ?? 'never',
            ms: j.lastRun?.durationMs ?? '',
            result: j.lastRun?.result ?? '',
            'next run': j.nextRun,
            message: j.lastRun?.message?.slice(0, 60) ?? '',
          })),
        ),
      );
      return 0;
    },
  },
];
