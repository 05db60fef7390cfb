import { writeLog } from '../../audit/audit-log.ts';
import { enqueue } from '../../notify/outbox.ts';
import { type BackorderRef, ref, staffEvent } from '../notices.ts';
import { JOB, type Pass } from './pass.ts';
import { errorText } from './send-failed.ts';

// An application that reached the registrar for a backorder that is no longer its send's: the lease
// ran out while the registrar was still answering, and meanwhile staff cancelled the backorder or
// another pass stored another application on it. Nothing of ours tracks it, so if the registrar
// caught the name with it nobody would be charged: it is deleted at the registrar, and where the
// registrar refuses (HEXONET does once the name has dropped) or does not answer, staff are alerted
// to settle it by hand. The store's transaction already wrote an audit row naming it; this one
// adds how it ended.

export interface Untracked {
  backorder: BackorderRef;
  application: string;
  /** the backorder's status when the application came back */
  status: string;
  /** the application the backorder holds instead, if any */
  heldApplication: string | null;
}

export const untrackedBecause = (u: Untracked) =>
  u.status === 'PROCESSING'
    ? `the backorder holds application ${u.heldApplication} instead`
    : `the backorder is ${u.status} now`;

export async function settleUntracked(pass: Pass, u: Untracked): Promise<void> {
  const { db, now } = pass;
  const entry = { job: JOB, backorderId: u.backorder.id, fqdn: u.backorder.fqdn };
  try {
    await pass.registrar.deleteApplication(u.application);
  } catch (e) {
    const error = errorText(e);
    pass.log.error('an application nobody tracks could not be deleted at the registrar', {
      backorderId: u.backorder.id,
      application: u.application,
      error: e,
    });
    await db.tx(async (tx) => {
      await writeLog(tx, now, {
        ...entry,
        level: 'error',
        message: `deleting application ${u.application} at the registrar failed (${error}): staff alerted to settle it by hand`,
      });
      await enqueue(
        tx,
        now,
        staffEvent('staff.untracked-application', `staff.untracked-application:${u.application}`, {
          ...ref(u.backorder),
          application: u.application,
          status: u.status,
          error,
        }),
      );
    });
    return;
  }
  pass.log.warn('an application nobody tracked was deleted at the registrar', {
    backorderId: u.backorder.id,
    application: u.application,
  });
  await writeLog(db.prisma, now, {
    ...entry,
    message: `application ${u.application} deleted at the registrar (${untrackedBecause(u)})`,
  });
}
