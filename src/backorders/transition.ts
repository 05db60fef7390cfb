import type { Tx } from '../db/client.ts';
import { canTransition, FINAL_STATUSES, type Status } from '../domain/status.ts';
import { DomainError } from '../errors.ts';

// The one way a backorder's status changes. The update is guarded by the expected current status,
// so a concurrent pass, a cancel or a crash-and-rerun that got there first makes the whole
// transaction roll back instead of applying a transition twice.

type BackorderData = Omit<NonNullable<Parameters<Tx['backorder']['updateMany']>[0]>['data'], 'status'>;

export class StaleBackorder extends DomainError {
  constructor(ids: number[], to: Status) {
    super('CONFLICT', `backorder(s) ${ids.slice(0, 5).join(', ')} changed before they could move to ${to}`, {
      to,
    });
    this.name = 'StaleBackorder';
  }
}

export async function move(
  tx: Tx,
  ids: number[],
  from: Status | readonly Status[],
  to: Status,
  now: Date,
  data: BackorderData = {},
): Promise<void> {
  if (ids.length === 0) return;
  const froms = typeof from === 'string' ? [from] : [...from];
  for (const f of froms)
    if (!canTransition(f, to)) throw new Error(`a backorder cannot move from ${f} to ${to}`);
  // Finished backorders free their open key, so the customer may backorder the name again.
  const final = FINAL_STATUSES.includes(to) ? { openKey: null, finishedAt: now } : {};
  const { count } = await tx.backorder.updateMany({
    where: { id: { in: ids }, status: { in: froms } },
    data: { ...data, ...final, status: to, updatedAt: now },
  });
  if (count !== ids.length) throw new StaleBackorder(ids, to);
}
