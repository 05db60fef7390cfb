import { randomUUID } from 'node:crypto';
import { contactOf } from '../../customers/contact.ts';
import type { Tx } from '../../db/client.ts';
import { RegistrarError } from '../../errors.ts';
import { Prisma } from '../../generated/sqlite/client.ts';
import type { RegistrantContact } from '../../registrar/port.ts';
import { sqlTime, writeLogs } from '../records.ts';
import { StaleBackorder } from '../transition.ts';
import { PassAborted } from './faults.ts';
import { notToSend } from './lite-rule.ts';
import { itemFailed, JOB, type Pass } from './pass.ts';
import { mapLimit } from './pool.ts';
import { type SendFailure, sendFailed } from './send-failed.ts';
import { pastGiveUp, pollBeforeDropSql } from './timing.ts';

// PROCESSING: one application per backorder at the registrar, ever, even across crashes and two
// passes at once. A send is claimed first (NONE → SENDING with a token and a lease, committed), then
// sent, then stored (SENDING → SENT with the reference, committed). SENDING therefore means "may have
// reached the registrar": whoever finds it later with the lease run out asks findApplication before
// sending again. A concurrent pass cannot claim a row that is leased, so it never sends it twice.
//
// The registrar finds applications by name only. So that a recovering backorder can only find its
// own application, a name never has more than one backorder of ours whose send is unresolved: a
// name with a send in flight or awaiting its retry is left alone, and several due backorders of one
// name go in rounds, one per name per round, each round stored before the next.

type Claimed = Awaited<ReturnType<typeof claim>>[number];

type Outcome = { kind: 'sent'; application: string; recovered: boolean } | SendFailure;

const sendable = (now: Date) => ({
  status: 'PROCESSING',
  applicationState: { in: ['NONE', 'SENDING'] },
  OR: [{ nextAttemptAt: null }, { nextAttemptAt: { lte: now } }],
});

export async function sendDue(pass: Pass): Promise<void> {
  const { db, now } = pass;
  for (;;) {
    // Lite backorders waiting for a regular one of the name stay unsent (lite-rule.ts).
    const held = await notToSend(pass);
    const due = (
      await db.prisma.backorder.findMany({
        where: sendable(now),
        select: { id: true, fqdn: true },
        // Recoveries (SENDING) first: a name's unresolved send is settled before another is made.
        orderBy: [{ applicationState: 'desc' }, { dropAt: 'asc' }, { id: 'asc' }],
      })
    ).filter((b) => !held.has(b.id));
    const names = new Set<string>();
    const round = due.filter((b) => !names.has(b.fqdn) && names.add(b.fqdn));
    let claimedAny = false;
    for (let i = 0; i < round.length; i += pass.chunkSize) {
      claimedAny = (await sendChunk(pass, round.slice(i, i + pass.chunkSize))) || claimedAny;
    }
    // Another round for the names with more due backorders, unless nothing could be claimed.
    if (round.length === due.length || !claimedAny) return;
  }
}

async function sendChunk(pass: Pass, chunk: Array<{ id: number; fqdn: string }>): Promise<boolean> {
  const token = randomUUID();
  let claimed: Claimed[];
  try {
    claimed = await pass.db.tx((tx) => claim(pass, tx, chunk, token));
  } catch (e) {
    if (e instanceof PassAborted) throw e;
    // Nothing was claimed: the next pass tries these again.
    if (!(e instanceof StaleBackorder)) for (const b of chunk) await itemFailed(pass, b, e);
    return false;
  }
  await pass.hit('claimed');
  if (claimed.length === 0) return false;
  const contacts = await contactsOf(pass, claimed);
  const outcomes = await mapLimit(claimed, pass.concurrency, (b) =>
    attempt(pass, b, contacts.get(b.customerId)),
  );
  await store(pass, claimed, outcomes, token);
  return true;
}

async function claim(pass: Pass, tx: Tx, chunk: Array<{ id: number; fqdn: string }>, token: string) {
  const { now } = pass;
  const names = [...new Set(chunk.map((b) => b.fqdn))];
  // Row locks on the names' backorders, so a concurrent claim for the same names waits here and
  // then sees this one's claims below. SQLite's BEGIN IMMEDIATE already serializes transactions.
  if (pass.db.kind === 'postgresql') {
    await tx.$executeRaw`UPDATE "Backorder" SET "updatedAt" = "updatedAt" WHERE "fqdn" IN (${Prisma.join(names)}) AND "status" = 'PROCESSING'`;
  }
  // A send of the name in flight (leased) or unresolved and waiting for its retry.
  const unresolved = await tx.backorder.findMany({
    where: {
      fqdn: { in: names },
      status: 'PROCESSING',
      applicationState: 'SENDING',
      nextAttemptAt: { gt: now },
    },
    select: { fqdn: true },
  });
  const busy = new Set(unresolved.map((b) => b.fqdn));
  const where = { id: { in: chunk.filter((b) => !busy.has(b.fqdn)).map((b) => b.id) }, ...sendable(now) };
  const rows = await tx.backorder.findMany({ where, orderBy: [{ dropAt: 'asc' }, { id: 'asc' }] });
  if (rows.length === 0) return rows;
  const { count } = await tx.backorder.updateMany({
    where,
    data: {
      applicationState: 'SENDING',
      applicationClaim: token,
      nextAttemptAt: new Date(now.getTime() + pass.claimLeaseMs),
      updatedAt: now,
    },
  });
  if (count !== rows.length)
    throw new StaleBackorder(
      rows.map((b) => b.id),
      'PROCESSING',
    );
  await pass.hit('claim');
  return rows;
}

async function contactsOf(pass: Pass, rows: Claimed[]): Promise<Map<number, RegistrantContact | undefined>> {
  const customers = await pass.db.prisma.customer.findMany({
    where: { id: { in: [...new Set(rows.map((b) => b.customerId))] } },
    select: { id: true, contact: true },
  });
  return new Map(customers.map((c) => [c.id, contactOf(c) ?? undefined]));
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

async function store(pass: Pass, claimed: Claimed[], outcomes: Outcome[], token: string): Promise<void> {
  const { db, now } = pass;
  const sent = claimed.flatMap((b, i) => {
    const o = outcomes[i]!;
    return o.kind === 'sent' ? [{ b, o }] : [];
  });
  if (sent.length) {
    try {
      const n = await db.tx(async (tx) => {
        const ids = sent.map(({ b }) => b.id);
        const refs = Prisma.join(
          sent.map(({ b, o }) => Prisma.sql`WHEN ${b.id} THEN ${o.application}`),
          ' ',
        );
        // Only rows still holding this pass's claim: a lease that ran out belongs to another pass now.
        const count = await tx.$executeRaw`UPDATE "Backorder"
          SET "applicationState" = 'SENT', "registrarRef" = CASE "id" ${refs} END, "applicationClaim" = NULL,
            "lastError" = NULL, "nextAttemptAt" = ${pollBeforeDropSql(db.kind, now)}, "updatedAt" = ${sqlTime(db.kind, now)}
          WHERE "id" IN (${Prisma.join(ids)}) AND "applicationClaim" = ${token} AND "applicationState" = 'SENDING'`;
        await writeLogs(
          tx,
          pass.db.kind,
          now,
          sent.map(({ b, o }) => ({
            job: JOB,
            backorderId: b.id,
            fqdn: b.fqdn,
            message: o.recovered
              ? `application ${o.application} found at the registrar after an interrupted send: stored, not sent again`
              : `application sent to the registrar (reference ${o.application})`,
          })),
        );
        return count;
      });
      pass.result.sent += n;
      await pass.hit('stored');
    } catch (e) {
      if (e instanceof PassAborted) throw e;
      // The rows stay SENDING: once the lease runs out the next pass finds the applications upstream.
      for (const { b } of sent) await itemFailed(pass, b, e);
    }
  }
  for (let i = 0; i < claimed.length; i++) {
    const o = outcomes[i]!;
    if (o.kind === 'sent') continue;
    try {
      await sendFailed(pass, claimed[i]!, token, o);
    } catch (e) {
      if (e instanceof PassAborted) throw e;
      await itemFailed(pass, claimed[i]!, e);
    }
  }
}
