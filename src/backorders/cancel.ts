import { writeLog } from '../audit/audit-log.ts';
import { releaseHold } from '../billing/ledger.ts';
import type { Db } from '../db/client.ts';
import { CANCELLABLE_STATUSES, type Status } from '../domain/status.ts';
import { DomainError, NotFound } from '../errors.ts';
import type { Logger } from '../log.ts';
import { enqueue } from '../notify/outbox.ts';
import type { Registrar } from '../registrar/port.ts';
import { money, shown, statusEvent } from './notices.ts';
import { move } from './transition.ts';

// Cancelling keeps the row as history (CANCELLED, open key freed) and frees the held money. From
// PROCESSING on the registrar is working on the name, so the answer is a refusal with the reason.

export interface CancelOptions {
  by: 'customer' | 'staff';
  at: Date;
  actor?: string;
  /** set when a customer asks: another customer's backorder is reported as not found */
  customerId?: number;
}

const REFUSAL: Partial<Record<Status, string>> = {
  PROCESSING: 'the application is with the registrar (less than 2 hours before the drop)',
  'PENDING-PAYMENT': 'the name was caught and is being charged',
  'AUCTION-PENDING': 'the name was caught and is in an auction',
};

function notCancellable(id: number, status: string): DomainError {
  const why = REFUSAL[status as Status] ?? `it is already ${status}`;
  return new DomainError('NOT_CANCELLABLE', `backorder #${id} cannot be cancelled: ${why}`, {
    backorderId: id,
    status,
  });
}

export async function cancelBackorder(
  db: Db,
  registrar: Registrar,
  log: Logger,
  id: number,
  opts: CancelOptions,
) {
  const { at } = opts;
  const done = await db.tx(async (tx) => {
    const b = await tx.backorder.findUnique({ where: { id } });
    if (!b || (opts.customerId !== undefined && b.customerId !== opts.customerId))
      throw new NotFound('backorder', id);
    if (!(CANCELLABLE_STATUSES as readonly string[]).includes(b.status)) throw notCancellable(id, b.status);
    const released = await releaseHold(tx, { backorderId: id, at });
    await move(tx, [id], CANCELLABLE_STATUSES, 'CANCELLED', at);
    await writeLog(tx, at, {
      job: 'backorder',
      backorderId: id,
      fqdn: b.fqdn,
      actor: opts.actor ?? null,
      message: `${b.status} → CANCELLED by ${opts.by}${released === null ? '' : `; hold of ${shown(released, b.currency)} released`}`,
    });
    await enqueue(
      tx,
      at,
      statusEvent('backorder.cancelled', b, 'CANCELLED', {
        backorderId: id,
        fqdn: b.fqdn,
        released: released === null ? null : money(released, b.currency),
        by: opts.by,
      }),
    );
    return { backorder: await tx.backorder.findUniqueOrThrow({ where: { id } }), released };
  });
  // The registrar is called after the commit: a slow or failing registrar must not hold the
  // database, and the cancellation stands either way (a leftover application is logged for staff).
  const application = done.backorder.registrarRef;
  if (application) {
    try {
      await registrar.deleteApplication(application);
      await writeLog(db.prisma, at, {
        job: 'backorder',
        backorderId: id,
        fqdn: done.backorder.fqdn,
        message: `application ${application} deleted at the registrar`,
      });
    } catch (e) {
      log.warn('deleting the application at the registrar failed', {
        backorderId: id,
        application,
        error: e,
      });
      await writeLog(db.prisma, at, {
        job: 'backorder',
        backorderId: id,
        fqdn: done.backorder.fqdn,
        level: 'error',
        message: `deleting application ${application} at the registrar failed: ${(e as Error)?.message ?? e}`,
      });
    }
  }
  return done;
}
