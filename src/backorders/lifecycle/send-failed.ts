import { writeLog } from '../../audit/audit-log.ts';
import type { Tx } from '../../db/client.ts';
import { RegistrarError } from '../../errors.ts';
import { enqueue } from '../../notify/outbox.ts';
import { isAccountProblem, REGISTRAR_CODE } from '../../registrar/codes.ts';
import { ref, staffEvent } from '../notices.ts';
import { type FailingBackorder, failBackorders } from './fail.ts';
import { JOB, type Pass } from './pass.ts';
import { retryAt } from './timing.ts';

// What a failed send does to its backorder. A temporary error leaves the outcome unknown, so the row
// stays SENDING and the retry asks the registrar first. An account problem (credentials, the
// reseller's credit limit at HEXONET) is not the backorder's fault: staff are alerted and it retries.
// Any other refusal is final. Retries end when the drop is 2 days past: FAILED, money released.

export type SendFailure =
  | { kind: 'error'; error: unknown; unknownOutcome: boolean }
  | { kind: 'give-up'; error: unknown };

interface Sending extends FailingBackorder {
  attempts: number;
  lastError: string | null;
}

/** "[421] network error": the registrar's code travels with the message into logs and lastError. */
export const errorText = (e: unknown) =>
  e instanceof RegistrarError ? `[${e.registrarCode}] ${e.message}` : String((e as Error)?.message ?? e);
/** the registrar's code, or 0 when the error did not come from the registrar */
export const errorCode = (e: unknown) => (e instanceof RegistrarError ? e.registrarCode : 0);

export async function sendFailed(pass: Pass, b: Sending, token: string, f: SendFailure): Promise<void> {
  const { db, now } = pass;
  // Every change goes through the claim: a pass whose lease ran out no longer owns the row.
  const release = (
    tx: Tx,
    data: { applicationState?: string; lastError?: string; attempts?: number; nextAttemptAt?: Date },
  ) =>
    tx.backorder.updateMany({
      where: { id: b.id, applicationClaim: token },
      data: { ...data, applicationClaim: null, updatedAt: now },
    });

  if (f.kind === 'give-up') {
    const last = f.error ? errorText(f.error) : (b.lastError ?? 'none');
    const message = `no application placed by 2 days after the drop (${b.attempts} failed attempt(s), last error: ${last})`;
    pass.result.failed += await db.tx(async (tx) => {
      await release(tx, {});
      return failBackorders(pass, tx, [b], 'not-taken', [
        staffEvent('staff.registrar-error', `staff.registrar-error:${b.id}`, {
          ...ref(b),
          code: errorCode(f.error),
          message,
          gaveUp: true,
        }),
      ]);
    });
    return;
  }

  pass.result.errors++;
  const lastError = errorText(f.error).slice(0, 500);
  if (f.unknownOutcome || isAccountProblem(f.error)) {
    const attempts = b.attempts + 1;
    const next = retryAt(now, attempts);
    await db.tx(async (tx) => {
      // Unknown outcome: stays SENDING, so the retry asks the registrar first.
      const state = f.unknownOutcome ? {} : { applicationState: 'NONE' };
      await release(tx, { ...state, lastError, attempts, nextAttemptAt: next });
      await writeLog(tx, now, {
        job: JOB,
        level: 'error',
        backorderId: b.id,
        fqdn: b.fqdn,
        message: `sending the application failed (attempt ${attempts}): ${lastError}; retry at ${next.toISOString()}${
          f.unknownOutcome ? ', asking the registrar first whether it arrived' : ''
        }`,
      });
      if (isAccountProblem(f.error)) await alertAccountProblem(pass, tx, b, f.error);
    });
    return;
  }
  pass.result.failed += await db.tx(async (tx) => {
    await release(tx, { lastError, applicationState: 'NONE' });
    return failBackorders(pass, tx, [b], 'refused', [
      staffEvent('staff.registrar-error', `staff.registrar-error:${b.id}`, {
        ...ref(b),
        code: errorCode(f.error),
        message: lastError,
        gaveUp: false,
      }),
    ]);
  });
}

/** At most one alert an hour: an account problem hits every send of the pass alike. */
async function alertAccountProblem(pass: Pass, tx: Tx, b: Sending, e: RegistrarError): Promise<void> {
  const hour = pass.now.toISOString().slice(0, 13);
  const message = errorText(e);
  if (e.registrarCode === REGISTRAR_CODE.CREDIT_LIMIT_EXCEEDED) {
    await enqueue(
      tx,
      pass.now,
      staffEvent('staff.credit-limit', `staff.credit-limit:${hour}`, { ...ref(b), message }),
    );
  } else {
    await enqueue(
      tx,
      pass.now,
      staffEvent('staff.registrar-error', `staff.registrar-account:${hour}`, {
        ...ref(b),
        code: e.registrarCode,
        message,
        gaveUp: false,
      }),
    );
  }
}
