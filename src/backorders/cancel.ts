import { writeLog } from '../audit/audit-log.ts';
import { releaseHold } from '../billing/ledger.ts';
import { utcText } from '../clock.ts';
import type { Db, Tx } from '../db/client.ts';
import { CANCELLABLE_STATUSES, type Status } from '../domain/status.ts';
import { DomainError, InvalidInput, NotFound } from '../errors.ts';
import type { Logger } from '../log.ts';
import { enqueue } from '../notify/outbox.ts';
import type { ApplicationStatus, Registrar } from '../registrar/port.ts';
import { assertBeforeFinalization } from './finalization.ts';
import { money, shown, statusEvent } from './notices.ts';
import { move } from './transition.ts';

// Cancelling keeps the row as history (CANCELLED, open key freed) and frees the held money.
// REQUESTED and ACTIVE: anybody may cancel until the finalization deadline (finalization.ts: drop −
// 2 hours, or the registrar's earlier date); after it nobody may, staff included (the stale sweep
// releases what the drop left behind). From PROCESSING on the registrar is working on the name,
// so the answer is a refusal with the reason, with one exception: staff may cancel a PROCESSING
// backorder whose drop time has passed (one stuck without a result), giving a reason for the audit
// log. Before the drop a PROCESSING backorder stays refused for staff too.

/** The longest reason kept in the audit log. */
export const CANCEL_REASON_MAX = 300;

export interface CancelOptions {
  by: 'customer' | 'staff';
  at: Date;
  actor?: string;
  /** set when a customer asks: another customer's backorder is reported as not found */
  customerId?: number;
  /** why, for the audit log; required for a staff cancel of a PROCESSING backorder after its drop */
  reason?: string;
}

/** 'open': REQUESTED or ACTIVE, anybody. 'after-drop': PROCESSING past its drop, staff with a reason. */
export type CancelRule = 'open' | 'after-drop';

export interface CancelUpstream {
  application: string;
  /** false: the registrar kept it (error says why); it may still catch the name */
  deleted: boolean;
  error?: string;
}

const dropped = (dropAt: Date | null, at: Date) => dropAt !== null && dropAt.getTime() <= at.getTime();

const REFUSAL: Partial<Record<Status, string>> = {
  'PENDING-PAYMENT': 'the name was caught and is being charged',
  'AUCTION-PENDING': 'the name was caught and is in an auction',
};

function notCancellable(id: number, status: string, why: string): DomainError {
  return new DomainError('NOT_CANCELLABLE', `backorder #${id} cannot be cancelled: ${why}`, {
    backorderId: id,
    status,
  });
}

function processingRefusal(b: { dropAt: Date | null }, by: CancelOptions['by'], at: Date): string {
  if (by === 'customer') {
    return dropped(b.dropAt, at)
      ? 'the application is with the registrar (the name has dropped; its result is awaited)'
      : 'the application is with the registrar (less than 2 hours before the drop)';
  }
  const when = b.dropAt ? `its drop at ${utcText(b.dropAt)} has not passed yet` : 'its drop time is unknown';
  return `the application is with the registrar and ${when}; staff can cancel a PROCESSING backorder, with a reason, once its drop time has passed`;
}

/**
 * Whether `by` may cancel a backorder in this status at `at`, and under which rule; a refusal is
 * thrown as NOT_CANCELLABLE with the reason, or FINALIZED past the deadline. The edges ask it before
 * offering a confirmation.
 */
export function cancelRule(
  b: { id: number; fqdn: string; status: string; dropAt: Date | null; finalizesAt: Date | null },
  by: CancelOptions['by'],
  at: Date,
): CancelRule {
  if ((CANCELLABLE_STATUSES as readonly string[]).includes(b.status)) {
    assertBeforeFinalization(b, at);
    return 'open';
  }
  if (b.status === 'PROCESSING') {
    if (by === 'staff' && dropped(b.dropAt, at)) return 'after-drop';
    throw notCancellable(b.id, b.status, processingRefusal(b, by, at));
  }
  throw notCancellable(b.id, b.status, REFUSAL[b.status as Status] ?? `it is already ${b.status}`);
}

/** cancelRule as a yes or no, for an edge deciding whether to offer a cancel button. */
export function mayCancel(b: Parameters<typeof cancelRule>[0], by: CancelOptions['by'], at: Date): boolean {
  try {
    cancelRule(b, by, at);
    return true;
  } catch {
    return false;
  }
}

/** Whitespace and control characters folded to one space, empty = none; InvalidInput beyond CANCEL_REASON_MAX characters. */
export function cancelReason(text: string | undefined): string | undefined {
  const reason = text?.replace(/[\s\p{Cc}]+/gu, ' ').trim();
  if (!reason) return undefined;
  if (reason.length > CANCEL_REASON_MAX) {
    throw new InvalidInput(`the reason is longer than ${CANCEL_REASON_MAX} characters`, {
      field: 'reason',
      length: reason.length,
    });
  }
  return reason;
}

interface Row {
  id: number;
  customerId: number;
  fqdn: string;
  status: string;
  dropAt: Date | null;
  finalizesAt: Date | null;
  applicationState: string;
  applicationClaim: string | null;
  nextAttemptAt: Date | null;
  registrarRef: string | null;
  currency: string;
}

/** A pass holds the send of this backorder right now (claimed, lease running): its outcome is unknown. */
const sendInFlight = (b: Row, at: Date) =>
  b.applicationClaim !== null && b.nextAttemptAt !== null && b.nextAttemptAt.getTime() > at.getTime();

function visible(b: Row | null, id: number, opts: CancelOptions): Row {
  if (!b || (opts.customerId !== undefined && b.customerId !== opts.customerId))
    throw new NotFound('backorder', id);
  return b;
}

function check(b: Row, opts: CancelOptions, reason: string | undefined): CancelRule {
  const rule = cancelRule(b, opts.by, opts.at);
  if (rule === 'after-drop') {
    if (!reason) {
      throw new InvalidInput(
        `a reason is required to cancel backorder #${b.id}: it is PROCESSING and its drop time has passed`,
        { backorderId: b.id, field: 'reason' },
      );
    }
    if (sendInFlight(b, opts.at)) {
      throw new DomainError(
        'CONFLICT',
        `the application of backorder #${b.id} is being sent to the registrar right now; try again in a few minutes`,
        { backorderId: b.id },
      );
    }
  }
  return rule;
}

const CAUGHT: readonly ApplicationStatus[] = ['SUCCESSFUL', 'AUCTION-PENDING', 'AUCTION-WON'];

interface Upstream {
  application: string | null;
  /** found at the registrar now (a send with an unknown outcome had reached it) */
  found: boolean;
  /** why the registrar could not be asked, for the audit row */
  note?: string;
}

/**
 * Before a staff cancel after the drop, outside any transaction: which application of ours the
 * registrar holds, and a refusal if it reports the name caught (the next pass charges it or opens
 * the auction; cancelling would give the name away uncharged). A registrar that does not answer is
 * why a backorder gets stuck, so its errors do not stop the cancel: they are noted in the audit row.
 */
async function lookUpstream(db: Db, registrar: Registrar, b: Row): Promise<Upstream> {
  const failed = (what: string, e: unknown) => `${what} failed: ${(e as Error)?.message ?? e}`;
  let application = b.registrarRef;
  let found = false;
  let status: ApplicationStatus | undefined;
  try {
    if (application) {
      status = (await registrar.applicationStatus(application)).status;
    } else if (b.applicationState === 'SENDING') {
      // A send whose outcome is unknown may have reached the registrar: find it by name, leaving
      // out the applications stored on other backorders of the name (as the send's recovery does).
      const others = await db.prisma.backorder.findMany({
        where: { fqdn: b.fqdn, id: { not: b.id }, registrarRef: { not: null } },
        select: { registrarRef: true },
      });
      const hit = await registrar.findApplication(b.fqdn, { excluding: others.map((o) => o.registrarRef!) });
      if (hit) {
        application = hit.application;
        found = true;
        status = hit.status;
      }
    }
  } catch (e) {
    return {
      application,
      found,
      note: application
        ? failed(`asking the registrar about application ${application}`, e)
        : failed('looking for an application sent with an unknown outcome', e),
    };
  }
  if (status && CAUGHT.includes(status)) {
    throw notCancellable(
      b.id,
      b.status,
      `the registrar reports application ${application} as ${status}: the name was caught, and the next lifecycle pass settles it`,
    );
  }
  return { application, found };
}

/** Under the row's lock: no pass may have claimed the send since it was checked (PostgreSQL). */
async function holdOffSends(tx: Tx, id: number, at: Date): Promise<void> {
  const { count } = await tx.backorder.updateMany({
    where: {
      id,
      status: 'PROCESSING',
      OR: [{ applicationClaim: null }, { nextAttemptAt: { lte: at } }],
    },
    data: { applicationClaim: null, updatedAt: at },
  });
  if (count !== 1) {
    throw new DomainError(
      'CONFLICT',
      `backorder #${id} changed while it was being cancelled; look again and retry`,
      { backorderId: id },
    );
  }
}

export async function cancelBackorder(
  db: Db,
  registrar: Registrar,
  log: Logger,
  id: number,
  opts: CancelOptions,
) {
  const { at } = opts;
  const reason = cancelReason(opts.reason);
  const seen = visible(await db.prisma.backorder.findUnique({ where: { id } }), id, opts);
  const rule = check(seen, opts, reason);
  const upstream: Upstream =
    rule === 'after-drop' ? await lookUpstream(db, registrar, seen) : { application: null, found: false };

  const done = await db.tx(async (tx) => {
    const b = visible(await tx.backorder.findUnique({ where: { id } }), id, opts);
    // the same checks again: a pass may have moved it while the registrar was asked
    if (check(b, opts, reason) !== rule) {
      throw new DomainError(
        'CONFLICT',
        `backorder #${id} changed meanwhile and is now ${b.status}; look again`,
        {
          backorderId: id,
          status: b.status,
        },
      );
    }
    if (rule === 'after-drop') await holdOffSends(tx, id, at);
    const released = await releaseHold(tx, { backorderId: id, at });
    const found =
      upstream.found && upstream.application
        ? { registrarRef: upstream.application, applicationState: 'SENT' }
        : {};
    await move(tx, [id], b.status as Status, 'CANCELLED', at, found);
    const late = rule === 'after-drop' ? ' after the drop' : '';
    const hold = released === null ? '' : `; hold of ${shown(released, b.currency)} released`;
    await writeLog(tx, at, {
      job: 'backorder',
      backorderId: id,
      fqdn: b.fqdn,
      actor: opts.actor ?? null,
      message: `${b.status} → CANCELLED by ${opts.by}${late}${hold}${reason ? `; reason: ${reason}` : ''}`,
    });
    if (upstream.note) {
      await writeLog(tx, at, {
        job: 'backorder',
        backorderId: id,
        fqdn: b.fqdn,
        level: 'error',
        message: `cancelled without an answer from the registrar (${upstream.note}); an application may remain there`,
      });
    }
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
  let result: CancelUpstream | null = null;
  if (application) {
    try {
      await registrar.deleteApplication(application);
      result = { application, deleted: true };
      await writeLog(db.prisma, at, {
        job: 'backorder',
        backorderId: id,
        fqdn: done.backorder.fqdn,
        message: `application ${application} deleted at the registrar`,
      });
    } catch (e) {
      const error = `${(e as Error)?.message ?? e}`;
      result = { application, deleted: false, error };
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
        message: `deleting application ${application} at the registrar failed: ${error}`,
      });
    }
  }
  return { ...done, upstream: result };
}
