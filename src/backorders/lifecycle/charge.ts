import { captureHold } from '../../billing/ledger.ts';
import type { Tx } from '../../db/client.ts';
import type { RegisteredDomain } from '../../registrar/port.ts';
import type { Pass } from './pass.ts';

// A caught name, paid for: the invoice "FULL BACKORDER: <fqdn>" paid from the hold (its amount is
// the price snapshot), and the name in the customer's account. Both are idempotent per backorder.

/** Created and expiry dates for the customer's domain list; missing dates never block the charge. */
export async function domainDates(pass: Pass, fqdn: string): Promise<RegisteredDomain> {
  try {
    return await pass.registrar.domainStatus(fqdn);
  } catch (e) {
    pass.log.warn('domain status unavailable', { fqdn, error: e });
    return {};
  }
}

export async function chargeAndOwn(
  pass: Pass,
  tx: Tx,
  b: { id: number; customerId: number; fqdn: string },
  dates: RegisteredDomain,
) {
  const { now } = pass;
  const { invoice } = await captureHold(tx, {
    backorderId: b.id,
    description: `FULL BACKORDER: ${b.fqdn}`,
    at: now,
  });
  if (!(await tx.ownedDomain.findUnique({ where: { backorderId: b.id } }))) {
    await tx.ownedDomain.create({
      data: {
        customerId: b.customerId,
        fqdn: b.fqdn,
        backorderId: b.id,
        registrar: pass.registrar.kind,
        createdAt: dates.createdAt ?? now,
        expiresAt: dates.expiresAt ?? null,
      },
    });
  }
  return invoice;
}
