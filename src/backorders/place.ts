import { writeLog } from '../audit/audit-log.ts';
import { getCustomer } from '../customers/customers.ts';
import type { Db } from '../db/client.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import { parseDomainName } from '../domain/domain-name.ts';
import { kindOf } from '../domain/kind.ts';
import { DomainError } from '../errors.ts';
import { enqueue } from '../notify/outbox.ts';
import { getPrice } from '../pricing/prices.ts';
import { assertBeforeFinalization, finalizationOf } from './finalization.ts';
import { iso, money, shown, statusEvent } from './notices.ts';

// Placing is free: the backorder waits in REQUESTED until its drop comes within the activation
// window, where the lifecycle engine takes the hold at the then current price (the Lite price for a
// Lite backorder). Placing closes at the finalization deadline (finalization.ts).

/** Prisma's unique-constraint violation: another transaction inserted the same key first. */

export const openKey = (customerId: number, fqdn: string) => `${customerId}:${fqdn}`;

export interface PlaceOptions {
  at: Date;
  actor?: string;
  /** Backorder Lite: the zone's Lite price, after every regular backorder of the name */
  lite?: boolean;
}

export async function placeBackorder(db: Db, customerId: number, name: string, opts: PlaceOptions) {
  const domain = parseDomainName(name);
  const { fqdn } = domain;
  const { at } = opts;
  const lite = opts.lite === true;
  const kind = kindOf({ lite });
  const customer = await getCustomer(db.prisma, customerId);
  const price = await getPrice(db.prisma, domain.zone, customer.currency, kind);
  if (price === null) {
    throw new DomainError(
      'ZONE_NOT_OFFERED',
      `${lite ? 'Backorder Lite for ' : ''}.${domain.zone} is not offered in ${customer.currency}`,
      { zone: domain.zone, currency: customer.currency, kind },
    );
  }
  const listed = await db.prisma.dropDomain.findUnique({ where: { fqdn }, select: { dropAt: true } });
  if (listed && listed.dropAt.getTime() < at.getTime()) {
    throw new DomainError(
      'DROP_PASSED',
      `${domain.display} already dropped at ${listed.dropAt.toISOString()}`,
      {
        fqdn,
        dropAt: listed.dropAt.toISOString(),
      },
    );
  }
  const dropAt = listed?.dropAt ?? null;
  const finalizesAt = finalizationOf(dropAt);
  assertBeforeFinalization({ fqdn, finalizesAt }, at);
  try {
    return await db.tx(async (tx) => {
      const b = await tx.backorder.create({
        data: {
          customerId,
          fqdn,
          label: domain.label,
          zone: domain.zone,
          status: 'REQUESTED',
          dropAt,
          currency: customer.currency,
          price,
          lite,
          finalizesAt,
          openKey: openKey(customerId, fqdn),
          createdAt: at,
          updatedAt: at,
        },
      });
      await writeLog(tx, at, {
        job: 'backorder',
        backorderId: b.id,
        fqdn,
        actor: opts.actor ?? null,
        message: `placed for customer ${customerId} at ${shown(price, customer.currency)}${lite ? ' (Backorder Lite)' : ''}, drop ${dropAt ? dropAt.toISOString() : 'not yet listed'}: REQUESTED`,
      });
      await enqueue(
        tx,
        at,
        statusEvent('backorder.placed', b, 'REQUESTED', {
          ...money(price, customer.currency),
          backorderId: b.id,
          fqdn,
          dropAt: iso(dropAt),
          lite,
          finalizesAt: iso(finalizesAt),
        }),
      );
      return b;
    });
  } catch (e) {
    // The unique open key is what makes this race-safe: two concurrent places, one row.
    if (!isUniqueViolation(e)) throw e;
    const open = await db.prisma.backorder.findUnique({
      where: { openKey: openKey(customerId, fqdn) },
      select: { id: true, status: true },
    });
    throw new DomainError(
      'ALREADY_OPEN',
      `${domain.display} is already backordered${open ? ` (#${open.id}, ${open.status})` : ''}`,
      {
        fqdn,
        backorderId: open?.id,
      },
    );
  }
}
