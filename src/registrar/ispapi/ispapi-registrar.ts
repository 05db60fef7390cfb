import { parseDomainName } from '../../domain/domain-name.ts';
import { RegistrarError } from '../../errors.ts';
import type { Logger } from '../../log.ts';
import { REGISTRAR_CODE, registrarError } from '../codes.ts';
import type { RegistrantContact } from '../contact.ts';
import type { Registrar } from '../port.ts';
import {
  addApplicationReply,
  applicationListReply,
  decodeColumns,
  decodeFirst,
  statusApplicationReply,
  statusDomainReply,
} from './replies.ts';
import { createSession } from './session.ts';
import { type Credentials, createTransport } from './transport.ts';

// The Registrar port over HEXONET's API (ISPAPI).

export interface IspapiOptions extends Credentials {
  /** reseller contact handle: admin, tech and billing, and owner when the customer gave no contact */
  contactHandle?: string | undefined;
  timeoutMs: number;
  log: Logger;
}

const inlineContact = (c: RegistrantContact) => ({
  FIRSTNAME: c.firstName,
  LASTNAME: c.lastName,
  ORGANIZATION: c.organization,
  STREET: c.street,
  CITY: c.city,
  STATE: c.state,
  ZIP: c.zip,
  COUNTRY: c.country,
  PHONE: c.phone,
  EMAIL: c.email,
});

export function createIspapiRegistrar(opts: IspapiOptions): Registrar {
  const log = opts.log.child({ registrar: 'ispapi' });
  const session = createSession(createTransport({ ...opts, log }), log);
  const handle = opts.contactHandle;

  return {
    kind: 'ispapi',
    liteClass: false,

    checkAuthentication: () => session.checkAuthentication(),

    async addApplication({ fqdn, contact, reference }) {
      const domain = parseDomainName(fqdn).fqdn;
      // Without a customer contact and without a reseller handle the account's default contacts apply.
      const reply = await session.call({
        COMMAND: 'AddDomainApplication',
        CLASS: 'BACKORDER',
        NEW: 1,
        DOMAIN: domain,
        PERIOD: 1,
        OWNERCONTACT0: contact ? inlineContact(contact) : handle,
        ADMINCONTACT0: handle,
        TECHCONTACT0: handle,
        BILLINGCONTACT0: handle,
      });
      const { APPLICATION } = decodeFirst(addApplicationReply, 'AddDomainApplication', reply);
      log.info('backorder application sent', { fqdn: domain, reference, application: APPLICATION });
      return { application: APPLICATION };
    },

    async findApplication(fqdn, { excluding = [] } = {}) {
      const domain = parseDomainName(fqdn).fqdn;
      const reply = await session.call({
        COMMAND: 'QueryDomainApplicationList',
        DOMAIN: domain,
        CLASS: 'BACKORDER',
      });
      const list = decodeColumns(applicationListReply, 'QueryDomainApplicationList', reply);
      for (const [i, application] of list.APPLICATION.entries()) {
        const status = list.STATUS[i];
        // The DOMAIN filter may be a pattern upstream; when the column is there, insist on the exact name.
        if (!application || !status || excluding.includes(application)) continue;
        if (list.DOMAIN && list.DOMAIN[i] !== domain) continue;
        return { application, status };
      }
      return null;
    },

    async applicationStatus(application) {
      const reply = await session.call({ COMMAND: 'StatusDomainApplication', APPLICATION: application });
      const r = decodeFirst(statusApplicationReply, 'StatusDomainApplication', reply);
      const auction = { url: r['AUCTION-URL'], endsAt: r['AUCTION-ENDDATE'], bestBid: r['AUCTION-BESTBID'] };
      const hasAuction = Object.values(auction).some((v) => v !== undefined);
      return hasAuction ? { status: r.STATUS, auction: withoutUndefined(auction) } : { status: r.STATUS };
    },

    async domainStatus(fqdn) {
      const reply = await session.call({ COMMAND: 'StatusDomain', DOMAIN: parseDomainName(fqdn).fqdn });
      const r = decodeFirst(statusDomainReply, 'StatusDomain', reply);
      return withoutUndefined({ createdAt: r.CREATEDDATE, expiresAt: r.EXPIRATIONDATE });
    },

    async deleteApplication(application) {
      try {
        await session.call({ COMMAND: 'DeleteDomainApplication', APPLICATION: application });
      } catch (e) {
        if (!(e instanceof RegistrarError) || e.registrarCode !== REGISTRAR_CODE.STATUS_PROHIBITS) throw e;
        throw registrarError(
          REGISTRAR_CODE.STATUS_PROHIBITS,
          `backorder application ${application} can no longer be deleted at HEXONET (${e.message})`,
        );
      }
      log.info('backorder application deleted', { application });
    },
  };
}

function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
