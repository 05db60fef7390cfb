import { randomUUID } from 'node:crypto';
import { contactOf } from '../../customers/contact.ts';
import { retryConflicts, type Tx } from '../../db/client.ts';
import { unnest } from '../../db/unnest.ts';
import { RegistrarError } from '../../errors.ts';
import { Prisma } from '../../generated/sqlite/client.ts';
import type { RegistrantContact } from '../../registrar/port.ts';
import { sqlTime, writeLogs } from '../records.ts';
import { PassAborted } from './faults.ts';
import { notToSend } from './lite-rule.ts';
import { itemFailed, JOB, type Pass } from './pass.ts';
import { mapLimit } from './pool.ts';
import { type SendFailure, sendFailed } from './send-failed.ts';
import { pastGiveUp, pollBeforeDropSql } from './timing.ts';
import { settleUntracked, type Untracked, untrackedBecause } from './untracked.ts';

// PROCESSING: one application per backorder at the registrar, ever, even across crashes and two
// passes at once. A send is claimed first (NONE → SENDING with a token and a lease, committed), then
// sent, then stored (SENDING → SENT with the reference, committed). SENDING therefore means "may have
// reached the registrar": whoever finds it later with the lease run out asks findApplication before
// sending again. A concurrent pass cannot claim a row that is leased, so it never sends it twice.
//
// A lease has to cover one send, not a pass: only as many rows are claimed at a time as go to the
// registrar at once, and the lease runs from the claim (the clock, not the pass's instant). A pass
// that works through thousands of sends against a slow registrar never holds a row it is not sending
// yet, so a staff cancel or another pass can take those, and cannot take the ones being sent.
//
// Should a lease run out all the same (a registrar slower than it may be), the first result stored
// wins: a backorder still open and without an application takes it, whoever holds the claim now.
// An application that finds its backorder cancelled, finished, or holding another application is
// nobody's: it is deleted at the registrar or, where it cannot be, staff are alerted (untracked.ts).
//
// The registrar finds applications by name only. So that a recovering backorder can only find its
// own application, a name never has more than one backorder of ours whose send is unresolved: a
// name with a send in flight or awaiting its retry is left alone, and several due backorders of one
// name go in rounds, one per name per round, each round stored before the next.

/** A claimed send: the row as the claim left it, with the state it had before (SENDING: recover). */
interface Claimed {
  id: number;
  customerId: number;
  fqdn: string;
  dropAt: Date | null;
  currency: string;
  status: string;
  attempts: number;
  lastError: string | null;
  applicationState: string;
  lite: boolean;
}

type Due = Pick<Claimed, 'id' | 'fqdn' | 'applicationState'>;
type Contacts = Map<number, RegistrantContact | undefined>;

type Outcome = { kind: 'sent'; application: string; recovered: boolean } | SendFailure;

const sendable = (now: Date) => ({
  status: 'PROCESSING',
  applicationState: { in: ['NONE', 'SENDING'] },
  OR: [{ nextAttemptAt: null }, { nextAttemptAt: { lte: now } }],
});

/**
 * Results wait to be stored together while the registrar answers fast (a transaction per group
 * would cost more than the sends), until this long after their claim has passed when a group
 * comes back: at most this and one group's registrar calls, which the lease covers (sendLeaseMs).
 * Against a slow registrar each group is stored as it comes back. Elapsed real time, as the lease
 * runs on while the pass works.
 */
const STORE_WITHIN_MS = 1000;

export async function sendDue(pass: Pass): Promise<void> {
  const { db, now } = pass;
  const contacts: Contacts = new Map();
  for (;;) {
    // Lite backorders waiting for a regular one of the name stay unsent (lite-rule.ts).
    const held = await notToSend(pass);
    const due = (
      await db.prisma.backorder.findMany({
        where: sendable(now),
        select: { id: true, fqdn: true, applicationState: true },
        // Recoveries (SENDING) first: a name's unresolved send is settled before another is made.
        orderBy: [{ applicationState: 'desc' }, { dropAt: 'asc' }, { id: 'asc' }],
      })
    ).filter((b) => !held.has(b.id));
    const names = new Set<string>();
    const round = due.filter((b) => !names.has(b.fqdn) && names.add(b.fqdn));
    const size = Math.max(1, pass.concurrency);
    const unstored: Sent[] = [];
    let oldest = 0;
    let claimedAny = false;
    for (let i = 0; i < round.length; i += size) {
      const started = performance.now();
      const sent = await sendGroup(pass, round.slice(i, i + size), contacts);
      if (sent === null) continue;
      claimedAny = true;
      if (unstored.length === 0) oldest = started;
      unstored.push(...sent);
      if (unstored.length >= pass.chunkSize || performance.now() - oldest >= STORE_WITHIN_MS)
        await store(pass, unstored.splice(0));
    }
    // Each round is stored before the next.
    await store(pass, unstored.splice(0));
    // Another round for the names with more due backorders, unless nothing could be claimed.
    if (round.length === due.length || !claimedAny) return;
  }
}

/**
 * Claims and sends one group of at most `concurrency` sends and settles the failed ones; returns
 * the applications to store, or null when nothing could be claimed.
 */
async function sendGroup(pass: Pass, group: Due[], contacts: Contacts): Promise<Sent[] | null> {
  const token = randomUUID();
  let claimed: Claimed[];
  try {
    claimed = await claim(pass, group, token);
  } catch (e) {
    if (e instanceof PassAborted) throw e;
    // Nothing was claimed: the next pass tries these again.
    for (const b of group) await itemFailed(pass, b, e);
    return null;
  }
  await pass.hit('claimed');
  if (claimed.length === 0) return null;
  await learnContacts(pass, claimed, contacts);
  const outcomes = await mapLimit(claimed, pass.concurrency, (b) =>
    attempt(pass, b, contacts.get(b.customerId)),
  );
  const sent: Sent[] = [];
  for (const [i, b] of claimed.entries()) {
    const o = outcomes[i]!;
    if (o.kind === 'sent') {
      sent.push({ b, o });
      continue;
    }
    try {
      await sendFailed(pass, b, token, o);
    } catch (e) {
      if (e instanceof PassAborted) throw e;
      await itemFailed(pass, b, e);
    }
  }
  return sent;
}

/**
 * Claims the group's rows that are still as the round read them and whose name has no send in
 * flight or awaiting its retry, in one statement: a pass claims thousands of groups of a few rows
 * when the registrar is fast, so a claim must cost little.
 */
async function claim(pass: Pass, group: Due[], token: string): Promise<Claimed[]> {
  const { db, now } = pass;
  // Killed here, nothing is claimed.
  await pass.hit('claim');
  const at = sqlTime(db.kind, now);
  // The lease runs from now, not from the pass's instant: it covers this group's sends only.
  const until = sqlTime(db.kind, new Date(pass.clock.now().getTime() + pass.claimLeaseMs));
  const ids = Prisma.join(group.map((b) => b.id));
  // The state read with the round decides whether the registrar is asked first: a row that changed
  // since is left to the next round.
  const states = Prisma.join(
    group.map((b) => Prisma.sql`WHEN ${b.id} THEN ${b.applicationState}`),
    ' ',
  );
  const set = Prisma.sql`"applicationState" = 'SENDING', "applicationClaim" = ${token}, "nextAttemptAt" = ${until}, "updatedAt" = ${at}`;
  const returning = Prisma.sql`"Backorder"."id", "Backorder"."customerId", "Backorder"."fqdn", "Backorder"."dropAt",
    "Backorder"."currency", "Backorder"."status", "Backorder"."attempts", "Backorder"."lastError",
    "Backorder"."lite"`;
  // SQLite returns a boolean column to a raw query as 0 or 1
  type Row = Omit<Claimed, 'applicationState' | 'lite'> & { lite: boolean | number };
  // SQLite runs one statement at a time under the file's write lock, so the statement alone is
  // atomic. PostgreSQL locks every backorder of the group's names first (by name: the one index
  // that fits however many rows are PROCESSING), so a concurrent claim for the same names waits and
  // then sees this one's claims; the conditions are read from the locked rows. The rows are locked
  // in id order, as the store locks its rows: taken in scan order, a claim and another pass's store
  // once locked the same rows in opposite orders and deadlocked (three instances in CI). A claim
  // that loses a conflict anyway changed nothing and is made again.
  const rows =
    db.kind === 'sqlite'
      ? await db.prisma.$queryRaw<Row[]>`UPDATE "Backorder" SET ${set}
          WHERE "id" IN (${ids}) AND "status" = 'PROCESSING' AND "applicationState" = CASE "id" ${states} END
            AND ("nextAttemptAt" IS NULL OR "nextAttemptAt" <= ${at})
            AND NOT EXISTS (SELECT 1 FROM "Backorder" AS "other" WHERE "other"."fqdn" = "Backorder"."fqdn"
              AND "other"."status" = 'PROCESSING' AND "other"."applicationState" = 'SENDING' AND "other"."nextAttemptAt" > ${at})
          RETURNING ${returning}`
      : await retryConflicts(
          () => db.prisma.$queryRaw<Row[]>`WITH "locked" AS (
            SELECT "id", "fqdn", "status", "applicationState", "nextAttemptAt" FROM "Backorder"
            WHERE "fqdn" IN (${Prisma.join([...new Set(group.map((b) => b.fqdn))])})
            ORDER BY "id" FOR UPDATE
          )
          UPDATE "Backorder" SET ${set} FROM "locked"
          WHERE "Backorder"."id" = "locked"."id" AND "locked"."id" IN (${ids}) AND "locked"."status" = 'PROCESSING'
            AND "locked"."applicationState" = CASE "locked"."id" ${states} END
            AND ("locked"."nextAttemptAt" IS NULL OR "locked"."nextAttemptAt" <= ${at})
            AND "locked"."fqdn" NOT IN (SELECT "fqdn" FROM "locked" WHERE "status" = 'PROCESSING'
              AND "applicationState" = 'SENDING' AND "nextAttemptAt" > ${at})
          RETURNING ${returning}`,
        );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return group.flatMap((b) => {
    const row = byId.get(b.id);
    return row ? [{ ...row, lite: Boolean(row.lite), applicationState: b.applicationState }] : [];
  });
}

/** The registrant contacts of the claimed rows' customers, read once per pass. */
async function learnContacts(pass: Pass, rows: Claimed[], contacts: Contacts): Promise<void> {
  const unknown = [...new Set(rows.map((b) => b.customerId))].filter((id) => !contacts.has(id));
  if (unknown.length === 0) return;
  const customers = await pass.db.prisma.customer.findMany({
    where: { id: { in: unknown } },
    select: { id: true, contact: true },
  });
  for (const c of customers) contacts.set(c.id, contactOf(c) ?? undefined);
}

async function attempt(pass: Pass, b: Claimed, contact: RegistrantContact | undefined): Promise<Outcome> {
  const { registrar, now } = pass;
  if (b.applicationState === 'SENDING') {
    try {
      // Applications stored on other backorders of the name are not this one's.
      const others = await pass.db.prisma.backorder.findMany({
        where: { fqdn: b.fqdn, id: { not: b.id }, registrarRef: { not: null } },
        select: { registrarRef: true },
      });
      const found = await registrar.findApplication(b.fqdn, {
        excluding: others.map((o) => o.registrarRef!),
      });
      if (found) return { kind: 'sent', application: found.application, recovered: true };
    } catch (e) {
      if (pastGiveUp(b.dropAt, now)) return { kind: 'give-up', error: e };
      return { kind: 'error', error: e, unknownOutcome: true };
    }
  }
  if (pastGiveUp(b.dropAt, now)) return { kind: 'give-up', error: null };
  try {
    const { application } = await registrar.addApplication({
      fqdn: b.fqdn,
      dropAt: b.dropAt,
      contact,
      reference: String(b.id),
      lite: b.lite,
    });
    await pass.hit('sent');
    return { kind: 'sent', application, recovered: false };
  } catch (e) {
    if (e instanceof PassAborted) throw e;
    return { kind: 'error', error: e, unknownOutcome: !(e instanceof RegistrarError) || e.temporary };
  }
}

type Sent = { b: Claimed; o: Extract<Outcome, { kind: 'sent' }> };

async function store(pass: Pass, sent: Sent[]): Promise<void> {
  if (sent.length === 0) return;
  let untracked: Untracked[] = [];
  try {
    const result = await pass.db.tx((tx) => storeSent(pass, tx, sent));
    pass.result.sent += result.stored;
    untracked = result.untracked;
    await pass.hit('stored');
  } catch (e) {
    if (e instanceof PassAborted) throw e;
    // The rows stay SENDING: once the lease runs out the next pass finds the applications upstream.
    for (const { b } of sent) await itemFailed(pass, b, e);
  }
  for (const u of untracked) {
    try {
      await settleUntracked(pass, u);
    } catch (e) {
      await itemFailed(pass, u.backorder, e);
    }
  }
}

/** Stores the applications on their backorders; returns how many, and those no backorder holds. */
async function storeSent(
  pass: Pass,
  tx: Tx,
  sent: Sent[],
): Promise<{ stored: number; untracked: Untracked[] }> {
  const { db, now } = pass;
  const set = Prisma.sql`"applicationState" = 'SENT', "applicationClaim" = NULL, "lastError" = NULL,
    "nextAttemptAt" = ${pollBeforeDropSql(db.kind, now)}, "updatedAt" = ${sqlTime(db.kind, now)}`;
  // Not "still holding this claim": a pass that took the row over after the lease ran out may be
  // asking the registrar right now, and finds this application there or stores its own only if none
  // was stored first.
  const open = Prisma.sql`"Backorder"."status" = 'PROCESSING' AND "Backorder"."registrarRef" IS NULL`;
  // PostgreSQL: the rows locked in id order first, as a claim locks them (see claim)
  if (db.kind === 'postgresql')
    await tx.$queryRaw`SELECT 1 FROM "Backorder"
      WHERE "id" IN (${Prisma.join(sent.map(({ b }) => b.id))}) ORDER BY "id" FOR UPDATE`;
  const stored =
    db.kind === 'postgresql'
      ? await tx.$queryRaw<Array<{ id: number }>>`UPDATE "Backorder" SET ${set}, "registrarRef" = "sent"."ref"
          FROM ${unnest([
            [sent.map(({ b }) => b.id), 'int'],
            [sent.map(({ o }) => o.application), 'text'],
          ])} AS "sent"("id", "ref")
          WHERE "Backorder"."id" = "sent"."id" AND ${open} RETURNING "Backorder"."id"`
      : await tx.$queryRaw<
          Array<{ id: number }>
        >`UPDATE "Backorder" SET ${set}, "registrarRef" = CASE "id" ${Prisma.join(
          sent.map(({ b, o }) => Prisma.sql`WHEN ${b.id} THEN ${o.application}`),
          ' ',
        )} END
          WHERE "id" IN (${Prisma.join(sent.map(({ b }) => b.id))}) AND ${open} RETURNING "id"`;
  const mine = new Set(stored.map((r) => Number(r.id)));
  await writeLogs(
    tx,
    db.kind,
    now,
    sent
      .filter(({ b }) => mine.has(b.id))
      .map(({ b, o }) => ({
        job: JOB,
        backorderId: b.id,
        fqdn: b.fqdn,
        message: o.recovered
          ? `application ${o.application} found at the registrar after an interrupted send: stored, not sent again`
          : `application sent to the registrar (reference ${o.application})`,
      })),
  );
  const rest = sent.filter(({ b }) => !mine.has(b.id));
  if (rest.length === 0) return { stored: mine.size, untracked: [] };
  const rows = await tx.backorder.findMany({
    where: { id: { in: rest.map(({ b }) => b.id) } },
    select: { id: true, status: true, registrarRef: true },
  });
  const sentOn = new Map(rest.map(({ b, o }) => [b.id, { b, application: o.application }]));
  // Stored by whoever took the row over (a pass or a staff cancel that found it upstream): tracked.
  const untracked = rows.flatMap((row): Untracked[] => {
    const { b, application } = sentOn.get(row.id)!;
    if (row.registrarRef === application) return [];
    return [
      {
        backorder: { id: b.id, customerId: b.customerId, fqdn: b.fqdn },
        application,
        status: row.status,
        heldApplication: row.registrarRef,
      },
    ];
  });
  // Written with the store, so that a crash before the registrar is asked still leaves a trace.
  await writeLogs(
    tx,
    db.kind,
    now,
    untracked.map((u) => ({
      job: JOB,
      level: 'error' as const,
      backorderId: u.backorder.id,
      fqdn: u.backorder.fqdn,
      message: `application ${u.application} reached the registrar after this send's lease had run out, and ${untrackedBecause(u)}: nothing tracks it; deleting it at the registrar`,
    })),
  );
  return { stored: mine.size, untracked };
}
