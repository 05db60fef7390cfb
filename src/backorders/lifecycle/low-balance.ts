import { writeLog } from '../../audit/audit-log.ts';
import { balances } from '../../billing/ledger.ts';
import { DAY } from '../../clock.ts';
import { enqueue } from '../../notify/outbox.ts';
import { iso, shown } from '../notices.ts';
import { writeLogs } from '../records.ts';
import type { ShortFunded } from './activate.ts';
import { PassAborted } from './faults.ts';
import { JOB, type Pass } from './pass.ts';

// One low-balance notice per customer per 24 hours, listing every backorder of theirs that could not
// be activated this pass and what is missing, in the order the drops come (the order the money is
// used in). Customer.lowBalanceNotifiedAt, set in the notice's transaction, is the 24-hour memory.

export async function noticeLowBalance(pass: Pass, short: ShortFunded[]): Promise<void> {
  const { db, now } = pass;
  pass.result.lowBalance += short.length;
  if (short.length === 0) return;
  const quietSince = new Date(now.getTime() - DAY);
  const due = { OR: [{ lowBalanceNotifiedAt: null }, { lowBalanceNotifiedAt: { lte: quietSince } }] };
  const customers = await db.prisma.customer.findMany({
    where: { id: { in: [...new Set(short.map((s) => s.customerId))] }, ...due },
    select: { id: true },
  });
  for (const { id: customerId } of customers) {
    const items = short.filter((s) => s.customerId === customerId);
    try {
      await db.tx(async (tx) => {
        const claimed = await tx.customer.updateMany({
          where: { id: customerId, ...due },
          data: { lowBalanceNotifiedAt: now },
        });
        if (claimed.count === 0) return;
        const b = await balances(tx, customerId);
        const available = b.available > 0n ? b.available : 0n;
        let needed = 0n;
        let missingBefore = 0n;
        const listed = items.map((s) => {
          needed += s.amount;
          const missingSoFar = needed > available ? needed - available : 0n;
          const missing = missingSoFar - missingBefore;
          missingBefore = missingSoFar;
          return {
            backorderId: s.backorderId,
            fqdn: s.fqdn,
            dropAt: iso(s.dropAt),
            price: s.amount.toString(),
            missing: missing.toString(),
          };
        });
        await enqueue(tx, now, {
          kind: 'balance.low',
          audience: 'CUSTOMER',
          customerId,
          payload: {
            currency: b.currency,
            available: available.toString(),
            missing: missingBefore.toString(),
            items: listed,
          },
          dedupeKey: `customer:${customerId}:balance.low:${now.toISOString()}`,
        });
        await writeLogs(
          tx,
          pass.db.kind,
          now,
          items.map((s) => ({
            job: JOB,
            backorderId: s.backorderId,
            fqdn: s.fqdn,
            message: `not enough funds to activate (${shown(s.amount, b.currency)} needed, ${shown(available, b.currency)} available for ${items.length} backorder(s)): low-balance notice sent`,
          })),
        );
        await pass.hit('low-balance');
      });
    } catch (e) {
      if (e instanceof PassAborted) throw e;
      pass.result.errors++;
      pass.log.error('low-balance notice failed', { customerId, error: e });
      await writeLog(db.prisma, now, {
        job: JOB,
        level: 'error',
        message: `low-balance notice for customer ${customerId} failed: ${(e as Error)?.message ?? e}`,
      });
    }
  }
}
