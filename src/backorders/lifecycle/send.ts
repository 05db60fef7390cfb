import { randomUUID } from 'node:crypto';
import { contactOf } from '../../customers/contact.ts';
import type { Tx } from '../../db/client.ts';
import { RegistrarError } from '../../errors.ts';
import { Prisma } from '../../generated/sqlite/client.ts';
import type { RegistrantContact } from '../../registrar/port.ts';
import { writeLogs } from '../records.ts';
import { StaleBackorder } from '../transition.ts';
import { PassAborted } from './faults.ts';
import { itemFailed, JOB, type Pass } from './pass.ts';
import { mapLimit } from './pool.ts';
import { type SendFailure, sendFailed } from './send-failed.ts';
import { pastGiveUp, pollAgainAt } from './timing.ts';

// PROCESSING: one application per backorder at the registrar, ever, even across crashes and two
// passes at once. A send is claimed first (NONE → SENDING with a token and a lease, committed), then
// sent, then stored (SENDING → SENT with the reference, committed). SENDING therefore means "may have
// reached the registrar": whoever finds it later with the lease run out asks findApplication before
// sending again. A concurrent pass cannot claim a row that is leased, so it never sends it twice.

type Claimed = Awaited<ReturnType<typeof claim>>[number];

type Outcome = { kind: 'sent'; application: string; recovered: boolean } | SendFailure;

const sendable = (now: Date) => ({
  status: 'PROCESSING',
  applicationState: { in: ['NONE', 'SENDING'] },
  OR: [{ nextAttemptAt: null }, { nextAttemptAt: { lte: now } }],
});

export async function sendDue(pass: Pass): Promise<void> {
  const { db, now } = pass;
  const due = await db.prisma.backorder.findMany({
    where: sendable(now),
    select: { id: true, fqdn: true },
    orderBy: [{ dropAt: 'asc' }, { id: 'asc' }],
  });
  for (let i = 0; i < due.length; i += pass.chunkSize) {
    const chunk = due.slice(i, i + pass.chunkSize);
    const token = randomUUID();
    let claimed: Claimed[];
    try {
      claimed = await db.tx((tx) =>
        claim(
          pass,
          tx,
          chunk.map((b) => b.id),
          token,
        ),
      );
    } catch (e) {
      if (e instanceof PassAborted) throw e;
      // Nothing was claimed: the next pass tries these again.
      if (!(e instanceof StaleBackorder)) for (const b of chunk) await itemFailed(pass, b, e);
      continue;
    }
    await pass.hit('claimed');
    if (claimed.length === 0) continue;
    const contacts = await contactsOf(pass, claimed);
    const outcomes = await mapLimit(claimed, pass.concurrency, (b) =>
      attempt(pass, b, contacts.get(b.customerId)),
    );
    await store(pass, claimed, outcomes, token);
  }
}

async function claim(pass: Pass, tx: Tx, ids: number[], token: string) {
  const { now } = pass;
  const where = { id: { in: ids }, ...sendable(now) };
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
  if (count !== rows.length) throw new StaleBackorder(ids, 'PROCESSING');
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
        const count =
          await tx.$executeRaw`UPDATE "Backorder" SET "applicationState" = 'SENT', "registrarRef" = CASE "id" ${refs} END
          WHERE "id" IN (${Prisma.join(ids)}) AND "applicationClaim" = ${token} AND "applicationState" = 'SENDING'`;
        await tx.backorder.updateMany({
          where: { id: { in: ids }, applicationClaim: token },
          data: { applicationClaim: null, lastError: null, nextAttemptAt: pollAgainAt(now), updatedAt: now },
        });
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
