import { releaseHold } from '../../billing/ledger.ts';
import type { Tx } from '../../db/client.ts';
import type { Status } from '../../domain/status.ts';
import type { EventKind } from '../../notify/events.ts';
import type { OutboxEvent } from '../../notify/outbox.ts';
import { FAILURE_LOG_TEXT, type FailureReason } from '../failure-reasons.ts';
import { money, ref, shown, statusEvent } from '../notices.ts';
import { enqueueAll, writeLogs } from '../records.ts';
import { move } from '../transition.ts';
import { JOB, type Pass } from './pass.ts';

// Every way a backorder fails ends here: FAILED, its hold released, the customer told why.

export interface FailingBackorder {
  id: number;
  customerId: number;
  fqdn: string;
  currency: string;
  status: string;
}

/** Returns how many failed; `extra` are further events of the same change (staff alerts). */
export async function failBackorders(
  pass: Pass,
  tx: Tx,
  rows: FailingBackorder[],
  reason: FailureReason,
  extra: OutboxEvent<EventKind>[] = [],
): Promise<number> {
  if (rows.length === 0) return 0;
  const { now } = pass;
  const text = FAILURE_LOG_TEXT[reason];
  const from = [...new Set(rows.map((b) => b.status as Status))];
  await move(
    tx,
    rows.map((b) => b.id),
    from,
    'FAILED',
    now,
  );
  const logs = [];
  const events: OutboxEvent<EventKind>[] = [...extra];
  for (const b of rows) {
    const released = await releaseHold(tx, { backorderId: b.id, at: now });
    logs.push({
      job: JOB,
      backorderId: b.id,
      fqdn: b.fqdn,
      message: `${b.status} → FAILED: ${text}${released === null ? '' : `; hold of ${shown(released, b.currency)} released`}`,
    });
    events.push(
      statusEvent('backorder.failed', b, 'FAILED', {
        ...ref(b),
        reasonCode: reason,
        reason: text,
        released: released === null ? null : money(released, b.currency),
      }),
    );
  }
  await writeLogs(tx, pass.db.kind, now, logs);
  await enqueueAll(tx, pass.db.kind, now, events);
  return rows.length;
}
