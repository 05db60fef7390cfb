import { writeLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/client.ts';
import {
  type CustomerDefaults,
  type CustomerPatch,
  type CustomerQuery,
  countCustomers,
  createCustomer,
  findCustomer,
  findOrCreateByIdentity,
  getCustomer,
  type IdentityInput,
  identitiesOf,
  listCustomers,
  type NewCustomer,
  updateCustomer,
} from './customers.ts';
import {
  customerByIdentity,
  issueLinkCode,
  type RedeemInput,
  redeemLinkCode,
  setIdentityAddress,
  unlinkIdentity,
} from './linking.ts';
import { identityOf, setReachable } from './reachability.ts';

// Customers as the edges (bots, CLI) use them: each change in one transaction with its audit row.

export function customersService(db: Db, clock: Clock, defaults: CustomerDefaults) {
  return {
    create: (input: Omit<NewCustomer, 'at'>, actor = 'system') =>
      db.tx(async (tx) => {
        const at = clock.now();
        const c = await createCustomer(tx, { ...input, at }, defaults);
        await writeLog(tx, at, {
          job: 'customer',
          message: `customer ${c.id} "${c.name}" created (${c.currency}, ${c.language})`,
          actor,
        });
        return c;
      }),
    /** First contact from a bot: the customer, created with its identity when new. */
    findOrCreateByIdentity: (input: Omit<IdentityInput, 'at'>) =>
      db.tx(async (tx) => {
        const at = clock.now();
        const r = await findOrCreateByIdentity(tx, { ...input, at }, defaults);
        if (r.created) {
          await writeLog(tx, at, {
            job: 'customer',
            message: `customer ${r.customer.id} "${r.customer.name}" created on first contact via ${input.platform}`,
            actor: `${input.platform}:${input.externalId}`,
          });
        }
        return r;
      }),
    get: (id: number) => getCustomer(db.prisma, id),
    find: (ref: string) => findCustomer(db.prisma, ref),
    list: (q: CustomerQuery = {}) => listCustomers(db.prisma, q),
    count: (q: CustomerQuery = {}) => countCustomers(db.prisma, q),
    update: (id: number, patch: Omit<CustomerPatch, 'at'>, actor = 'system') =>
      db.tx(async (tx) => {
        const at = clock.now();
        const c = await updateCustomer(tx, id, { ...patch, at });
        const fields = Object.keys(patch).filter((k) => patch[k as keyof typeof patch] !== undefined);
        await writeLog(tx, at, {
          job: 'customer',
          message: `customer ${id} updated: ${fields.join(', ') || 'nothing'}`,
          actor,
        });
        return c;
      }),
    identities: (customerId: number) => identitiesOf(db.prisma, customerId),
    /** The customer behind a platform account (e.g. a linked Discord user), or null. */
    byIdentity: (platform: string, externalId: string) =>
      customerByIdentity(db.prisma, { platform, externalId }),
    /** A one-time code (10 minutes, single use) that links another platform's account to this customer. */
    issueLinkCode: (customerId: number, actor = 'system') =>
      issueLinkCode(db, customerId, clock.now(), actor),
    /** Attaches a platform account to the customer whose link code it is (guesses rate-limited). */
    redeemLinkCode: (input: RedeemInput) => redeemLinkCode(db, input, clock.now()),
    /** The customer behind a platform account and whether notifications were last unable to reach it. */
    identity: (platform: string, externalId: string) => identityOf(db.prisma, { platform, externalId }),
    setReachable: (platform: string, externalId: string, reachable: boolean) =>
      setReachable(db.prisma, { platform, externalId }, reachable, clock.now()),
    setIdentityAddress: (platform: string, externalId: string, address: string) =>
      setIdentityAddress(db.prisma, { platform, externalId }, address),
    unlink: (platform: string, externalId: string, actor?: string) =>
      unlinkIdentity(db, { platform, externalId, ...(actor ? { actor } : {}) }, clock.now()),
  };
}
