import type { Clock } from '../../clock.ts';
import { parseDomainName } from '../../domain/domain-name.ts';
import type { Logger } from '../../log.ts';
import { REGISTRAR_CODE, registrarError } from '../codes.ts';
import type { Registrar } from '../port.ts';
import { decodeApplicationId, encodeApplicationId, type SandboxApplication } from './application-id.ts';
import { sandboxStatus } from './outcome.ts';

// The default registrar: no account, no network. Whether a name is caught depends only on
// SANDBOX_SEED and the name, so every backorder of one name gets the same outcome and our core runs
// the private auction among them. Memory only serves findApplication, domainStatus and deletions in
// this process; everything else is derived from the application id (see application-id.ts).

export interface SandboxOptions {
  seed: number;
  catchRate: number;
  clock: Clock;
  log: Logger;
}

const notFound = (what: string) => registrarError(REGISTRAR_CODE.NOT_FOUND, `sandbox: ${what} not found`);

export function createSandboxRegistrar(opts: SandboxOptions): Registrar {
  const { seed, catchRate, clock } = opts;
  const log = opts.log.child({ registrar: 'sandbox' });
  const sent = new Map<string, SandboxApplication>();
  const deleted = new Set<string>();

  const statusOf = (a: SandboxApplication) =>
    sandboxStatus({ seed, catchRate, fqdn: a.fqdn, dropAt: a.dropAt, now: clock.now() });

  const lookup = (application: string): SandboxApplication => {
    const a = decodeApplicationId(application);
    if (!a || deleted.has(application)) throw notFound(`application ${application}`);
    return a;
  };

  return {
    kind: 'sandbox',
    liteClass: false,

    async checkAuthentication() {},

    async addApplication({ fqdn, dropAt, reference }) {
      const a: SandboxApplication = { reference, fqdn: parseDomainName(fqdn).fqdn, dropAt };
      const application = encodeApplicationId(a);
      deleted.delete(application);
      sent.set(application, a);
      log.info('backorder application sent', { fqdn: a.fqdn, reference, application });
      return { application };
    },

    async findApplication(fqdn, { excluding = [] } = {}) {
      const name = parseDomainName(fqdn).fqdn;
      for (const [application, a] of sent) {
        if (a.fqdn === name && !excluding.includes(application)) return { application, status: statusOf(a) };
      }
      return null;
    },

    async applicationStatus(application) {
      return { status: statusOf(lookup(application)) };
    },

    async domainStatus(fqdn) {
      const name = parseDomainName(fqdn).fqdn;
      const a = [...sent.values()].find((s) => s.fqdn === name && s.dropAt);
      // Another process sent it: the drop time is unknown here, the caller falls back to its own.
      if (!a?.dropAt) return {};
      if (statusOf(a) !== 'SUCCESSFUL') throw notFound(`domain ${name}`);
      const expiresAt = new Date(a.dropAt);
      expiresAt.setUTCFullYear(expiresAt.getUTCFullYear() + 1);
      return { createdAt: new Date(a.dropAt), expiresAt };
    },

    async deleteApplication(application) {
      const a = lookup(application);
      if (a.dropAt && clock.now().getTime() >= a.dropAt.getTime()) {
        throw registrarError(
          REGISTRAR_CODE.STATUS_PROHIBITS,
          `sandbox: application ${application} can no longer be deleted, the name has dropped`,
        );
      }
      sent.delete(application);
      deleted.add(application);
      log.info('backorder application deleted', { application });
    },
  };
}
