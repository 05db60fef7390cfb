import { Cron } from 'croner';
import { writeLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/client.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';
import { enqueue } from '../notify/outbox.ts';
import { acquireLease, releaseLease, renewLease } from './lease.ts';

// croner fires jobs on UTC schedules; each run takes the job's database lease first, so exactly one
// instance runs it, records a JobRun row, and turns an error into an audit row and a staff alert
// instead of a crash.

export interface JobDefinition {
  name: string;
  /** cron pattern read in UTC (seconds optional), e.g. '1 0,10 * * *' */
  schedule: string;
  description: string;
  /** returns a one-line summary of what the run did */
  run(now: Date): Promise<string>;
}

export interface JobResult {
  ran: boolean;
  ok?: boolean;
  message?: string;
}

const LEASE_MS = 5 * 60_000;

export interface Scheduler {
  start(): void;
  /** run a job now (with its lease); resolves when done */
  runNow(name: string): Promise<JobResult>;
  /** stop the timers and wait for running jobs to finish */
  stop(): Promise<void>;
  jobs: readonly JobDefinition[];
}

export function createScheduler(deps: {
  db: Db;
  clock: Clock;
  log: Logger;
  metrics: Metrics;
  instanceId: string;
  jobs: JobDefinition[];
}): Scheduler {
  const { db, clock, log, metrics, instanceId } = deps;
  const running = new Set<Promise<unknown>>();
  const crons: Cron[] = [];
  metrics.describe('backorder_jobs_run_total', 'Job runs that finished, by job and result');

  async function execute(job: JobDefinition): Promise<JobResult> {
    const startedAt = clock.now();
    if (!(await acquireLease(db, job.name, instanceId, startedAt, LEASE_MS))) return { ran: false };
    const heartbeat = setInterval(() => {
      void renewLease(db, job.name, instanceId, clock.now(), LEASE_MS).catch(() => {});
    }, LEASE_MS / 3);
    heartbeat.unref();
    const run = await db.prisma.jobRun.create({ data: { job: job.name, instance: instanceId, startedAt } });
    let ok = true;
    let message: string;
    try {
      message = await job.run(startedAt);
    } catch (e) {
      ok = false;
      message = (e as Error)?.message ?? String(e);
      log.error('job failed', { job: job.name, error: e });
    } finally {
      clearInterval(heartbeat);
    }
    const finishedAt = clock.now();
    try {
      await db.tx(async (tx) => {
        await tx.jobRun.update({
          where: { id: run.id },
          data: { finishedAt, ok, message: message.slice(0, 2000) },
        });
        if (!ok) {
          await writeLog(tx, finishedAt, { job: job.name, level: 'error', message });
          await enqueue(tx, finishedAt, {
            kind: 'staff.job-failed',
            audience: 'STAFF',
            payload: { job: job.name, error: message.slice(0, 500) },
            dedupeKey: `job-failed:${run.id}`,
          });
        }
      });
    } finally {
      await releaseLease(db, job.name, instanceId).catch(() => {});
    }
    metrics.inc('backorder_jobs_run_total', { job: job.name, result: ok ? 'ok' : 'failed' });
    return { ran: true, ok, message };
  }

  const track = <T>(p: Promise<T>): Promise<T> => {
    running.add(p);
    p.finally(() => running.delete(p)).catch(() => {});
    return p;
  };

  return {
    jobs: deps.jobs,
    start() {
      for (const job of deps.jobs) {
        crons.push(
          new Cron(
            job.schedule,
            { timezone: 'UTC', protect: true, name: `${job.name}@${instanceId}` },
            async () => {
              await track(execute(job)).catch((e) =>
                log.error('job runner failed', { job: job.name, error: e }),
              );
            },
          ),
        );
      }
    },
    runNow(name) {
      const job = deps.jobs.find((j) => j.name === name);
      if (!job) throw new Error(`unknown job ${name}`);
      return track(execute(job));
    },
    async stop() {
      for (const c of crons) c.stop();
      await Promise.allSettled([...running]);
    },
  };
}

export function nextRun(schedule: string, after: Date): Date | null {
  return new Cron(schedule, { timezone: 'UTC', paused: true }).nextRun(after);
}
