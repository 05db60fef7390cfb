import { Cron } from 'croner';
import { MINUTE } from '../clock.ts';
import type { Db } from '../db/client.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';

// A timer run is for a slot: the job's name and the scheduled instant its timer fired for (UTC, to
// the minute). The lease keeps two instances from running a job at the same time; the slot keeps the
// one whose timer fired a moment later from running the same 00:01 import again once the first has
// finished and let the lease go. JobRun(job, slot) is unique, so of any number of instances (SQLite
// or PostgreSQL) exactly one records a slot; manual runs have no slot and are never held back.

/**
 * Schedules are read in UTC. Said as an offset of 0, not as the time zone "UTC": croner then does its
 * own arithmetic instead of asking Intl, whose time-zone data took 20-25 ms to load in every process.
 */
export const IN_UTC = { utcOffset: 0 } as const;

/**
 * The slot of a timer that fired at `firedAt`: the latest instant of the schedule at or before it
 * (croner never fires early; a late firing still belongs to the instant it was for), to the minute.
 */
export function slotOf(schedule: string, firedAt: Date): Date {
  const [at] = new Cron(schedule, { ...IN_UTC, paused: true }).previousRuns(
    1,
    new Date(firedAt.getTime() + 1), // previousRuns excludes the reference instant itself
  );
  const t = (at ?? firedAt).getTime();
  return new Date(t - (t % MINUTE));
}

export type SlotClaim =
  | { claimed: true; runId: number; takenOverFrom?: string }
  | { claimed: false; by: string; finished: boolean };

/**
 * Claims `slot` of `job` for `instance`: records its JobRun row, or finds the row another instance
 * recorded. A finished row (ok or failed) means the slot has run: not again. An unfinished row is
 * taken over; call this only while holding the job's lease, which every runner holds from before it
 * records its row until after it finishes it: an unfinished row is then one whose runner died (its
 * lease ran out), and the slot is run again here, as a lease that ran out always allowed.
 */
export async function claimSlot(
  db: Db,
  job: string,
  slot: Date,
  instance: string,
  now: Date,
): Promise<SlotClaim> {
  try {
    const run = await db.prisma.jobRun.create({ data: { job, slot, instance, startedAt: now } });
    return { claimed: true, runId: run.id };
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
  }
  const prior = await db.prisma.jobRun.findFirst({ where: { job, slot } });
  if (!prior) throw new Error(`job run ${job}@${slot.toISOString()} vanished`);
  if (prior.finishedAt !== null) return { claimed: false, by: prior.instance, finished: true };
  const taken = await db.prisma.jobRun.updateMany({
    where: { id: prior.id, finishedAt: null, instance: prior.instance, startedAt: prior.startedAt },
    data: { instance, startedAt: now },
  });
  if (taken.count !== 1) return { claimed: false, by: prior.instance, finished: false };
  return { claimed: true, runId: prior.id, takenOverFrom: prior.instance };
}
