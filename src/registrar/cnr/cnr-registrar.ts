import { parseDomainName } from '../../domain/domain-name.ts';
import type { Registrar } from '../port.ts';
import { deleteApplication, pickApplication } from '../wire/applications.ts';
import { auctionOf, checkedCalls, withoutUndefined } from '../wire/decode.ts';
import { type CnrClientOptions, createCnrClient } from './client.ts';
import {
  addApplicationReply,
  applicationListReply,
  statusApplicationReply,
  statusDomainReply,
} from './replies.ts';

// The Registrar port over CentralNic Reseller's API, HEXONET's successor (REGISTRAR=cnr).

export interface CnrOptions extends CnrClientOptions {
  /** the reseller's contact handle, for every contact role of an application */
  contactHandle?: string | undefined;
}

export function createCnrRegistrar(opts: CnrOptions): Registrar {
  const log = opts.log.child({ registrar: 'cnr' });
  const session = createCnrClient({ ...opts, log });
  const handle = opts.contactHandle;
  const ask = checkedCalls(session.call, 'CNR');

  return {
    kind: 'cnr',
    // kb.centralnicreseller.com/domains/backorders/lite-backorders: a class of its own, LITEBACKORDER.
    liteClass: true,

    checkAuthentication: () => session.login(),
    close: () => session.close(),

    async addApplication({ fqdn, lite, reference }) {
      const domain = parseDomainName(fqdn).fqdn;
      // kb.centralnicreseller.com/api/api-command/AddDomainApplication: CLASS, DOMAIN, PERIOD = 1 and
      // the four contacts as handles (CONTACT). CNR takes no inline contact data there, so a
      // customer's registrant profile is not sent: the reseller's handle holds every role and a
      // caught name is registered to the reseller, who hands it on. Without CNR_CONTACT no contact is
      // sent and the account's defaults apply (ASSUMED, as with HEXONET).
      const { APPLICATION } = await ask.first(addApplicationReply, {
        COMMAND: 'AddDomainApplication',
        CLASS: lite ? 'LITEBACKORDER' : 'BACKORDER',
        DOMAIN: domain,
        PERIOD: 1,
        OWNERCONTACT0: handle,
        ADMINCONTACT0: handle,
        TECHCONTACT0: handle,
        BILLINGCONTACT0: handle,
      });
      log.info('backorder application sent', {
        fqdn: domain,
        reference,
        application: APPLICATION,
        lite: !!lite,
      });
      return { application: APPLICATION };
    },

    async findApplication(fqdn, { excluding = [] } = {}) {
      const domain = parseDomainName(fqdn).fqdn;
      // cnr-kb-poc .../QueryDomainApplicationList.md. No CLASS filter: it is a pattern whose wildcard
      // syntax is not documented, and a pattern that missed our own application would make the
      // lifecycle send a second one. The class is checked here instead. WIDE=1 asks for the details,
      // the finalization date among them (ORDERBY=FINALIZATIONDATE exists; the column is ASSUMED).
      const list = await ask.columns(applicationListReply, {
        COMMAND: 'QueryDomainApplicationList',
        DOMAIN: domain,
        WIDE: 1,
      });
      const i = pickApplication(
        list,
        domain,
        excluding,
        (n) => !list.CLASS || /BACKORDER$/.test(list.CLASS[n] ?? ''),
      );
      if (i === undefined) return null;
      return withoutUndefined({
        application: list.APPLICATION[i]!,
        status: list.STATUS[i]!,
        finalizesAt: list.FINALIZATIONDATE?.[i],
      });
    },

    async applicationStatus(application) {
      const r = await ask.first(statusApplicationReply, {
        COMMAND: 'StatusDomainApplication',
        APPLICATION: application,
      });
      return withoutUndefined({ status: r.STATUS, auction: auctionOf(r), finalizesAt: r.FINALIZATIONDATE });
    },

    async domainStatus(fqdn) {
      // cnr-kb-poc .../StatusDomain.md: CREATED_DATE, REGISTRATION_EXPIRATION_DATE.
      const r = await ask.first(statusDomainReply, {
        COMMAND: 'StatusDomain',
        DOMAIN: parseDomainName(fqdn).fqdn,
      });
      return withoutUndefined({ createdAt: r.CREATEDDATE, expiresAt: r.REGISTRATIONEXPIRATIONDATE });
    },

    async deleteApplication(application) {
      // Free until the finalization date (kb.centralnicreseller.com/domains/backorders); the refusal
      // after it is ASSUMED to be HEXONET's 552.
      await deleteApplication(session.call, application, 'CNR', log);
    },
  };
}
