import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fixedClock, MINUTE } from '../../src/clock.ts';
import { type Db, openDb } from '../../src/db/client.ts';
import { createScheduler, type JobDefinition, type Scheduler } from '../../src/jobs/scheduler.ts';
import { slotOf } from '../../src/jobs/slot.ts';
import { silentLogger } from '../../src/log.ts';
import { createMetrics } from '../../src/prometheus.ts';
import { freshDb } from '../helpers/db.ts';

// Two instances of the service on one database (two clients, two connections), each with its own
// scheduler and clock. Every instance's timer fires for every slot; a slot (job + the instant the
// timer fired for) must run on one of them, once, whoever comes second and however late.

const at = (iso: string) => new Date(iso);
const IMPORT = '1 0,10 * * *';

let dbA: Db;
let dbB: Db;
const schedulers: Scheduler[] = [];
beforeAll(async () => {
  dbA = await freshDb();
  dbB = await openDb(dbA.url);
});
afterAll(async () => {
  await Promise.all(schedulers.map((s) => s.stop()));
  await dbB?.close();
});

interface CountingJob {
  runs: Date[];
  /** while set, a run waits for it */
  hold: Promise<void> | null;
  fail: boolean;
  def: JobDefinition;
}

/** a job whose body counts its runs (and can be held open, or made to fail) */
function countingJob(name: string, schedule = IMPORT): CountingJob {
  const job: CountingJob = {
    runs: [],
    hold: null,
    fail: false,
    def: { name, schedule, description: 'test job', run },
  };
  async function run(now: Date): Promise<string> {
    job.runs.push(now);
    if (job.hold) await job.hold;
    if (job.fail) throw new Error('boom');
    return `run ${job.runs.length}`;
  }
  return job;
}

function instance(db: Db, id: string, jobs: JobDefinition[], start: string) {
  const clock = fixedClock(start);
  const scheduler = createScheduler({
    db,
    clock,
    log: silentLogger,
    metrics: createMetrics(),
    instanceId: id,
    jobs,
  });
  schedulers.push(scheduler);
  return { clock, scheduler };
}

const rowsOf = (db: Db, job: string) => db.prisma.jobRun.findMany({ where: { job }, orderBy: { id: 'asc' } });

describe('slotOf: the scheduled instant a timer fired for, to the minute (UTC)', () => {
  it.each([
    [IMPORT, '2026-12-01T00:01:00.000Z', '2026-12-01T00:01:00.000Z'],
    [IMPORT, '2026-12-01T00:01:00.004Z', '2026-12-01T00:01:00.000Z'],
    [IMPORT, '2026-12-01T00:01:59.999Z', '2026-12-01T00:01:00.000Z'],
    [IMPORT, '2026-12-01T00:03:10.000Z', '2026-12-01T00:01:00.000Z'], // fired late: still 00:01's
    [IMPORT, '2026-12-01T10:01:00.020Z', '2026-12-01T10:01:00.000Z'],
    ['*/5 * * * *', '2026-12-01T00:05:00.000Z', '2026-12-01T00:05:00.000Z'],
    ['*/5 * * * *', '2026-12-01T00:09:59.000Z', '2026-12-01T00:05:00.000Z'],
    ['0 8 * * *', '2027-01-01T08:00:00.300Z', '2027-01-01T08:00:00.000Z'],
  ])('%s fired at %s runs slot %s', (schedule, fired, slot) => {
    expect(slotOf(schedule, at(fired)).toISOString()).toBe(slot);
  });
});

describe('a scheduled slot runs on one instance, once', () => {
  it('two instances firing the same slot one after the other: the job body runs once', async () => {
    const job = countingJob('seq-import');
    const a = instance(dbA, 'A', [job.def], '2026-12-01T00:01:00.010Z');
    const b = instance(dbB, 'B', [job.def], '2026-12-01T00:01:02.000Z');

    const first = await a.scheduler.fire('seq-import', at('2026-12-01T00:01:00.010Z'));
    expect(first).toMatchObject({ ran: true, ok: true });
    // B's timer fired a moment later; A has finished and let the lease go
    expect(await dbA.prisma.jobLock.count({ where: { name: 'seq-import' } })).toBe(0);
    expect(await b.scheduler.fire('seq-import', at('2026-12-01T00:01:00.900Z'))).toEqual({ ran: false });
    // nor again on A (a second timer, a restarted process), nor a minute late
    a.clock.set('2026-12-01T00:02:30Z');
    expect(await a.scheduler.fire('seq-import', at('2026-12-01T00:02:30Z'))).toEqual({ ran: false });

    expect(job.runs).toHaveLength(1);
    const rows = await rowsOf(dbA, 'seq-import');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ instance: 'A', ok: true, slot: at('2026-12-01T00:01:00Z') });
    // the lease is free again, B holds nothing
    expect(await dbA.prisma.jobLock.count({ where: { name: 'seq-import' } })).toBe(0);
  });

  it('two instances firing the same slot at once: the job body runs once', async () => {
    const job = countingJob('concurrent-import');
    const a = instance(dbA, 'A', [job.def], '2026-12-01T00:01:00Z');
    const b = instance(dbB, 'B', [job.def], '2026-12-01T00:01:00Z');
    const fired = at('2026-12-01T00:01:00.005Z');
    for (let round = 0; round < 5; round++) {
      const results = await Promise.all([
        a.scheduler.fire('concurrent-import', fired),
        b.scheduler.fire('concurrent-import', fired),
      ]);
      expect(results.filter((r) => r.ran)).toHaveLength(round === 0 ? 1 : 0);
    }
    expect(job.runs).toHaveLength(1);

    // A slow run: the other instance fires while it runs (live lease) and again after it finished.
    const slow = countingJob('slow-import');
    const a2 = instance(dbA, 'A', [slow.def], '2026-12-01T10:01:00Z');
    const b2 = instance(dbB, 'B', [slow.def], '2026-12-01T10:01:00Z');
    let open!: () => void;
    slow.hold = new Promise<void>((r) => {
      open = r;
    });
    const running = a2.scheduler.fire('slow-import', at('2026-12-01T10:01:00.001Z'));
    await vi.waitFor(() => expect(slow.runs).toHaveLength(1));
    b2.clock.advance(30_000);
    expect(await b2.scheduler.fire('slow-import', at('2026-12-01T10:01:00.002Z'))).toEqual({ ran: false });
    open();
    expect(await running).toMatchObject({ ran: true, ok: true });
    b2.clock.advance(30_000);
    expect(await b2.scheduler.fire('slow-import', at('2026-12-01T10:01:00.002Z'))).toEqual({ ran: false });
    expect(slow.runs).toHaveLength(1);
  });

  it('four instances racing for each of five slots, some late: each slot runs once', async () => {
    const job = countingJob('race-lifecycle', '*/5 * * * *');
    const four = [dbA, dbB, dbA, dbB].map((db, k) =>
      instance(db, `I${k}`, [job.def], '2026-12-01T00:00:00Z'),
    );
    for (let round = 0; round < 5; round++) {
      const slot = new Date(at('2026-12-01T00:00:00Z').getTime() + round * 5 * MINUTE);
      for (const i of four) i.clock.set(slot);
      const results = await Promise.all(
        four.map(async (i, k) => {
          if (k % 2) await new Promise((r) => setTimeout(r, 5 * k)); // some a moment later
          return i.scheduler.fire('race-lifecycle', new Date(slot.getTime() + k));
        }),
      );
      expect(results.filter((r) => r.ran)).toHaveLength(1);
    }
    expect(job.runs).toHaveLength(5);
    const rows = await rowsOf(dbA, 'race-lifecycle');
    expect(new Set(rows.map((r) => r.slot?.toISOString())).size).toBe(5);
  });

  it('the next slot runs normally, once', async () => {
    const job = countingJob('next-import');
    const a = instance(dbA, 'A', [job.def], '2026-12-01T00:01:00Z');
    const b = instance(dbB, 'B', [job.def], '2026-12-01T00:01:00Z');
    expect(await a.scheduler.fire('next-import', at('2026-12-01T00:01:00.001Z'))).toMatchObject({
      ran: true,
    });
    expect(await b.scheduler.fire('next-import', at('2026-12-01T00:01:00.400Z'))).toEqual({ ran: false });

    a.clock.set('2026-12-01T10:01:00Z');
    b.clock.set('2026-12-01T10:01:00Z');
    expect(await b.scheduler.fire('next-import', at('2026-12-01T10:01:00.001Z'))).toMatchObject({
      ran: true,
    });
    expect(await a.scheduler.fire('next-import', at('2026-12-01T10:01:00.300Z'))).toEqual({ ran: false });

    a.clock.set('2026-12-02T00:01:00Z');
    expect(await a.scheduler.fire('next-import', at('2026-12-02T00:01:00.001Z'))).toMatchObject({
      ran: true,
    });

    expect(job.runs.map((d) => d.toISOString())).toEqual([
      '2026-12-01T00:01:00.000Z',
      '2026-12-01T10:01:00.000Z',
      '2026-12-02T00:01:00.000Z',
    ]);
    const rows = await rowsOf(dbA, 'next-import');
    expect(rows.map((r) => [r.slot?.toISOString(), r.instance, r.ok])).toEqual([
      ['2026-12-01T00:01:00.000Z', 'A', true],
      ['2026-12-01T10:01:00.000Z', 'B', true],
      ['2026-12-02T00:01:00.000Z', 'A', true],
    ]);
  });

  it('a slot that ran and failed has run: the failure is reported once, not retried by the next instance', async () => {
    const job = countingJob('failing-summary', '0 8 * * *');
    job.fail = true;
    const a = instance(dbA, 'A', [job.def], '2026-12-01T08:00:00Z');
    const b = instance(dbB, 'B', [job.def], '2026-12-01T08:00:01Z');
    expect(await a.scheduler.fire('failing-summary', at('2026-12-01T08:00:00.001Z'))).toMatchObject({
      ran: true,
      ok: false,
    });
    expect(await b.scheduler.fire('failing-summary', at('2026-12-01T08:00:00.200Z'))).toEqual({ ran: false });
    expect(job.runs).toHaveLength(1);
    expect(
      await dbA.prisma.outbox.count({
        where: { kind: 'staff.job-failed', payload: { contains: 'failing-summary' } },
      }),
    ).toBe(1);
  });

  it("a dead runner's slot is taken over once its lease has run out, and only then", async () => {
    const job = countingJob('orphan-import');
    const a = instance(dbA, 'A', [job.def], '2026-12-01T00:01:00Z');
    const b = instance(dbB, 'B', [job.def], '2026-12-01T00:01:00Z');
    // A starts the slot and never finishes (stands for a process that died mid-run: its lease and
    // its unfinished JobRun row stay behind; its heartbeat is far off in wall-clock time)
    let release!: () => void;
    job.hold = new Promise<void>((r) => {
      release = r;
    });
    const dead = a.scheduler.fire('orphan-import', at('2026-12-01T00:01:00.001Z'));
    await vi.waitFor(() => expect(job.runs).toHaveLength(1));

    // within the lease (5 minutes) the slot is A's
    b.clock.set('2026-12-01T00:05:59Z');
    expect(await b.scheduler.fire('orphan-import', at('2026-12-01T00:01:00.500Z'))).toEqual({ ran: false });
    expect(job.runs).toHaveLength(1);

    // past it, B takes the slot over (its timer fired late, or a retry: the same slot)
    b.clock.set('2026-12-01T00:06:01Z');
    job.hold = null;
    expect(await b.scheduler.fire('orphan-import', at('2026-12-01T00:01:03Z'))).toMatchObject({
      ran: true,
      ok: true,
    });
    expect(job.runs).toHaveLength(2);
    const rows = await rowsOf(dbA, 'orphan-import');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      instance: 'B',
      startedAt: at('2026-12-01T00:06:01Z'),
      finishedAt: at('2026-12-01T00:06:01Z'),
      ok: true,
      slot: at('2026-12-01T00:01:00Z'),
    });

    // finished now: nobody runs it again
    a.clock.set('2026-12-01T00:07:00Z');
    expect(await a.scheduler.fire('orphan-import', at('2026-12-01T00:07:00Z'))).toEqual({ ran: false });
    expect(job.runs).toHaveLength(2);

    release(); // let the stand-in for the dead process go (a real one never comes back)
    await dead;
    expect(job.runs).toHaveLength(2);
  });

  it('manual runs have no slot: they run every time, before and after a slot ran', async () => {
    const job = countingJob('manual-import');
    const a = instance(dbA, 'A', [job.def], '2026-12-01T00:01:00Z');
    const b = instance(dbB, 'B', [job.def], '2026-12-01T00:01:00Z');
    expect(await a.scheduler.runNow('manual-import')).toMatchObject({ ran: true, ok: true });
    expect(await a.scheduler.fire('manual-import', at('2026-12-01T00:01:00.001Z'))).toMatchObject({
      ran: true,
    });
    expect(await b.scheduler.runNow('manual-import')).toMatchObject({ ran: true, ok: true });
    expect(await a.scheduler.runNow('manual-import')).toMatchObject({ ran: true, ok: true });
    expect(job.runs).toHaveLength(4);
    const rows = await rowsOf(dbA, 'manual-import');
    expect(rows.map((r) => r.slot?.toISOString() ?? null)).toEqual([
      null,
      '2026-12-01T00:01:00.000Z',
      null,
      null,
    ]);
  });
});

describe('the timers', () => {
  it("record the slot croner fired for, and the second instance's timer skips it", async () => {
    const job = countingJob('timer-import');
    const a = instance(dbA, 'A', [job.def], '2026-12-01T00:01:00Z');
    const b = instance(dbB, 'B', [job.def], '2026-12-01T00:01:00Z');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: at('2026-12-01T00:00:59.950Z') });
    try {
      a.scheduler.start();
      b.scheduler.start();
      await vi.advanceTimersByTimeAsync(100);
    } finally {
      vi.useRealTimers();
    }
    await Promise.all([a.scheduler.stop(), b.scheduler.stop()]); // waits for the runs the timers started
    expect(job.runs).toHaveLength(1);
    const rows = await rowsOf(dbA, 'timer-import');
    expect(rows.map((r) => [r.slot?.toISOString(), r.ok])).toEqual([['2026-12-01T00:01:00.000Z', true]]);
  });
});
