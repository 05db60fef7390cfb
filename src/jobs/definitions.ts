import type { Core } from '../core.ts';
import { IMPORT_CRON } from '../droplist/schedule.ts';
import { ImportBusy } from '../errors.ts';
import { enqueueDailySummary } from '../stats/business.ts';
import { afterImport } from '../watch/after-import.ts';
import type { JobDefinition } from './scheduler.ts';

// The schedules of the original (REFERENCE.md), in UTC, each job one call into the core.

const summary = (o: object) =>
  Object.entries(o)
    .filter(([, v]) => typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean')
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');

export function jobDefinitions(core: Core): JobDefinition[] {
  return [
    {
      name: 'droplist-import',
      schedule: IMPORT_CRON,
      description: 'download the pending-delete list and replace the stored one (then sync drop dates)',
      run: async () => {
        try {
          return summary(await core.droplist.import());
        } catch (e) {
          // Started by hand (CLI, Slack) just before: the list is being renewed all the same.
          if (e instanceof ImportBusy) return `skipped: ${e.message}`;
          throw e;
        }
      },
    },
    {
      name: 'droplist-sync',
      schedule: '1 1,11 * * *',
      description: 'update the drop time of open backorders from the list',
      run: async (now) => summary(await core.backorders.syncDropDates(now)),
    },
    {
      name: 'lifecycle',
      schedule: '*/5 * * * *',
      description: 'one pass of the lifecycle engine: activate, process, send, poll, sweep',
      run: async (now) => summary(await core.lifecycle.runPass(now)),
    },
    {
      name: 'auctions',
      schedule: '* * * * *',
      description: 'close due auctions and tell bidders when one ends within the hour',
      run: async (now) => {
        const { closed, endingSoon, failures } = await core.auctions.settleDue(now);
        // Thrown after the others closed, so the job runner alerts staff.
        if (failures.length) throw new Error(failures.join('\n'));
        return summary({ closed: closed.length, endingSoon });
      },
    },
    {
      name: 'payments',
      schedule: '* * * * *',
      description:
        'credit payments stored but left uncredited (a failure or a stop on the way); alert staff when that fails',
      run: async (now) => summary(await core.billing.creditStoredPayments(now)),
    },
    {
      name: 'after-import',
      schedule: '*/5 * * * *',
      description:
        "after a drop-list import (any process's; the service starts it within seconds): the community digest, alert channels' rule digests and customers' watch matches, into the outbox",
      run: async (now) => summary(await afterImport(core, now)),
    },
    {
      name: 'prune',
      schedule: '23 * * * *',
      description:
        'delete what is past its retention (RETAIN_*_DAYS): update ids and claims, expired chat questions, delivered outbox events, job runs, audit log rows',
      run: async (now) => {
        // Each rule on its own: one that fails (reported, so staff hear of it) does not keep the others.
        const rules: Array<[string, () => Promise<Record<string, number>>]> = [
          ['claims', async () => ({ claims: await core.once.forgetExpired() })],
          ['questions', async () => ({ questions: await core.chatState.prune() })],
          ['outbox', () => core.retention.outbox(now)],
          ['jobRuns', () => core.retention.jobRuns(now)],
          ['audit', async () => ({ audit: await core.retention.audit(now) })],
        ];
        const counts: Record<string, number> = {};
        const failures: string[] = [];
        for (const [name, rule] of rules) {
          try {
            Object.assign(counts, await rule());
          } catch (e) {
            failures.push(`${name}: ${(e as Error)?.message ?? e}`);
          }
        }
        if (failures.length) throw new Error(`${failures.join('\n')}\npruned: ${summary(counts)}`);
        return summary(counts);
      },
    },
    {
      name: 'daily-summary',
      schedule: '0 8 * * *',
      description: 'staff summary of yesterday: catches, revenue, backorders by status, drop-list size',
      run: (now) => enqueueDailySummary(core.db, now),
    },
  ];
}
