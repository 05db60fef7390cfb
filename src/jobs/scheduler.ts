import { Cron } from 'croner';
import { writeLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/client.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';
import { enqueue } from '../notify/outbox.ts';
import { acquireLease, releaseLease, renewLease } from './lease.ts';
import { claimSlot, IN_UTC, slotOf } from './slot.ts';

// croner fires jobs on UTC schedules; each run takes the job's database lease first, so one instance
// at a time runs it, records a JobRun row, and turns an error into an audit row and a staff alert
// instead of a crash. A timer run is keyed by its slot (job + scheduled instant, see slot.ts): every
// instance's timer fires for 00:01, but once one instance ran that slot the others skip it.

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
  /** run a job now (with its lease), a manual run: no slot, never held back by one; resolves when done */
  runNow(name: string): Promise<JobResult>;
  /**
   * what the job's timer does when it fires at `firedAt`: run the slot it fired for (with the lease),
   * unless an instance already ran that slot or is running it under a live lease
   */
  fire(name: string, firedAt: Date): Promise<JobResult>;
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
  metrics.counter('backorder_jobs_run_total', 'Job runs that finished, by job and result', ['job', 'result']);
  metrics.histogram('backorder_job_duration_seconds', 'How long each job run took, by job', ['job']);

  /** Runs the job under its lease; for a timer run (`slot`), only if no instance ran that slot yet. */
  async function execute(job: JobDefinition, slot?: Date): Promise<JobResult> {
    if (!(await acquireLease(db, job.name, instanceId, clock.now(), LEASE_MS))) return { ran: false };
    // Read once the lease is ours: an instant read before asking could precede the end of the run
    // whose lease was freed meanwhile, and the two runs would seem to overlap.
    const startedAt = clock.now();
    let ok = true;
    let message = '';
    try {
      let runId: number;
      if (slot) {
        const claim = await claimSlot(db, job.name, slot, instanceId, startedAt);
        if (!claim.claimed) {
          log.debug('job slot already run', { job: job.name, slot: slot.toISOString(), by: claim.by });
          return { ran: false };
        }
        if (claim.takenOverFrom)
          log.warn('job slot taken over from an instance whose lease ran out', {
            job: job.name,
            slot: slot.toISOString(),
            from: claim.takenOverFrom,
          });
        runId = claim.runId;
      } else {
        runId = (await db.prisma.jobRun.create({ data: { job: job.name, instance: instanceId, startedAt } }))
          .id;
      }
      const heartbeat = setInterval(() => {
        void renewLease(db, job.name, instanceId, clock.now(), LEASE_MS).catch(() => {});
      }, LEASE_MS / 3);
      heartbeat.unref();
      const began = performance.now();
      try {
        message = await job.run(startedAt);
      } catch (e) {
        ok = false;
        message = (e as Error)?.message ?? String(e);
        log.error('job failed', { job: job.name, error: e });
      } finally {
        clearInterval(heartbeat);
        metrics.observe(
          'backorder_job_duration_seconds',
          { job: job.name },
          (performance.now() - began) / 1000,
        );
      }
      const finishedAt = clock.now();
      await db.tx(async (tx) => {
        await tx.jobRun.update({
          where: { id: runId },
          data: { finishedAt, ok, message: message.slice(0, 2000) },
        });
        if (!ok) {
          await writeLog(tx, finishedAt, { job: job.name, level: 'error', message });
          await enqueue(tx, finishedAt, {
            kind: 'staff.job-failed',
            audience: 'STAFF',
            payload: { job: job.name, error: message.slice(0, 500) },
            dedupeKey: `job-failed:${runId}`,
          });
        }
      });
    } finally {
      await releaseLease(db, job.name, instanceId).catch(() => {});
    }
    metrics.inc('backorder_jobs_run_total', { job: job.name, result: ok ? 'ok' : 'failed' });
    return { ran: true, ok, message };
  }

  /** a timer fired at `firedAt` (croner's clock): the run is for the slot it fired for */
  const fire = (job: JobDefinition, firedAt: Date) => track(execute(job, slotOf(job.schedule, firedAt)));

  const jobNamed = (name: string): JobDefinition => {
    const job = deps.jobs.find((j) => j.name === name);
    if (!job) throw new Error(`unknown job ${name}`);
    return job;
  };

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
            { ...IN_UTC, protect: true, name: `${job.name}@${instanceId}` },
            async (self) => {
              await fire(job, self.currentRun() ?? new Date()).catch((e) =>
                log.error('job runner failed', { job: job.name, error: e }),
              );
            },
          ),
        );
      }
    },
    runNow(name) {
      return track(execute(jobNamed(name)));
    },
    fire: (name, firedAt) => fire(jobNamed(name), firedAt),
    async stop() {
      for (const c of crons) c.stop();
      await Promise.allSettled([...running]);
    },
  };
}

export function nextRun(schedule: string, after: Date): Date | null {
  return new Cron(schedule, { ...IN_UTC, paused: true }).nextRun(after);
}
