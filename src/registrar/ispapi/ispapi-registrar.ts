import { parseDomainName } from '../../domain/domain-name.ts';
import type { Logger } from '../../log.ts';
import type { RegistrantContact } from '../contact.ts';
import type { Registrar } from '../port.ts';
import { deleteApplication, pickApplication } from '../wire/applications.ts';
import { auctionOf, checkedCalls, withoutUndefined } from '../wire/decode.ts';
import { createTransport } from '../wire/transport.ts';
import {
  addApplicationReply,
  applicationListReply,
  statusApplicationReply,
  statusDomainReply,
} from './replies.ts';
import { type Credentials, createSession } from './session.ts';

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
  const transport = createTransport({ ...opts, log, secrets: () => [opts.password] });
  const session = createSession(transport, opts, log);
  const handle = opts.contactHandle;
  const ask = checkedCalls(session.call, 'HEXONET');

  return {
    kind: 'ispapi',
    // HEXONET's Lite backorder is a flag on a regular application (X-BACKORDER-LITE, hexonet-api-documentation
    // ADDDOMAINAPPLICATION.md) that this client does not send: a Lite application goes as a regular one.
    liteClass: false,

    checkAuthentication: () => session.checkAuthentication(),

    async addApplication({ fqdn, contact, reference }) {
      const domain = parseDomainName(fqdn).fqdn;
      // Without a customer contact and without a reseller handle the account's default contacts apply.
      const { APPLICATION } = await ask.first(addApplicationReply, {
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
      log.info('backorder application sent', { fqdn: domain, reference, application: APPLICATION });
      return { application: APPLICATION };
    },

    async findApplication(fqdn, { excluding = [] } = {}) {
      const domain = parseDomainName(fqdn).fqdn;
      const list = await ask.columns(applicationListReply, {
        COMMAND: 'QueryDomainApplicationList',
        DOMAIN: domain,
        CLASS: 'BACKORDER',
      });
      const i = pickApplication(list, domain, excluding);
      return i === undefined ? null : { application: list.APPLICATION[i]!, status: list.STATUS[i]! };
    },

    async applicationStatus(application) {
      const r = await ask.first(statusApplicationReply, {
        COMMAND: 'StatusDomainApplication',
        APPLICATION: application,
      });
      return withoutUndefined({ status: r.STATUS, auction: auctionOf(r) });
    },

    async domainStatus(fqdn) {
      const r = await ask.first(statusDomainReply, {
        COMMAND: 'StatusDomain',
        DOMAIN: parseDomainName(fqdn).fqdn,
      });
      return withoutUndefined({ createdAt: r.CREATEDDATE, expiresAt: r.EXPIRATIONDATE });
    },

    async deleteApplication(application) {
      await deleteApplication(session.call, application, 'HEXONET', log);
    },
  };
}
