import type { Clock } from '../../src/clock.ts';
import { MINUTE } from '../../src/clock.ts';
import { RegistrarError } from '../../src/errors.ts';
import type {
  ApplicationStatus,
  NewApplication,
  Registrar,
  UpstreamAuction,
} from '../../src/registrar/port.ts';

// A scriptable stand-in for the Registrar port (not for any of our modules): it remembers every
// application it accepted, answers by a script per name once the drop is 5 minutes past, and fails
// the next calls of a method on request. One instance shared by two engines stands for the one
// registrar two processes talk to.

interface Stored extends NewApplication {
  application: string;
}

type Method = 'add' | 'status' | 'find' | 'delete' | 'domain';

export function temporary(code = 421, message = 'network error') {
  return new RegistrarError(true, code, message);
}
export function permanent(code = 541, message = 'invalid value') {
  return new RegistrarError(false, code, message);
}

/** `liteClass`: the registrar sells a Lite class (as cnr does); the default is the sandbox's false. */
export function scriptedRegistrar(clock: Clock, opts: { liteClass?: boolean } = {}) {
  const stored = new Map<string, Stored>();
  const outcomes = new Map<string, { status: ApplicationStatus; auction?: UpstreamAuction }>();
  const finalizations = new Map<string, Date>();
  const failures: Record<Method, Error[]> = { add: [], status: [], find: [], delete: [], domain: [] };
  /** every accepted addApplication, in order (a resend would show up twice) */
  const adds: Stored[] = [];
  const deleted: string[] = [];
  /** every applicationStatus question, by application */
  const asked: string[] = [];
  /** addApplication calls whose reply is lost after the registrar took the application */
  let lostReplies = 0;
  let seq = 0;

  const fail = (m: Method) => {
    const e = failures[m].shift();
    if (e) throw e;
  };

  const registrar: Registrar = {
    kind: 'sandbox',
    liteClass: opts.liteClass ?? false,
    async checkAuthentication() {},
    async addApplication(input) {
      fail('add');
      const application = `APP-${++seq}`;
      const a = { ...input, application };
      stored.set(application, a);
      adds.push(a);
      if (lostReplies > 0) {
        lostReplies--;
        throw temporary(421, 'timeout waiting for the reply');
      }
      return { application };
    },
    async findApplication(fqdn, opts = {}) {
      fail('find');
      for (const a of stored.values()) {
        if (a.fqdn === fqdn && !opts.excluding?.includes(a.application))
          return { application: a.application, status: statusOf(a) };
      }
      return null;
    },
    async applicationStatus(application) {
      asked.push(application);
      fail('status');
      const a = stored.get(application);
      if (!a) throw permanent(545, `application ${application} not found`);
      const status = statusOf(a);
      const auction = outcomes.get(a.fqdn)?.auction;
      const finalizesAt = finalizations.get(a.fqdn);
      return {
        status,
        ...(auction && status.startsWith('AUCTION-') ? { auction } : {}),
        ...(finalizesAt ? { finalizesAt } : {}),
      };
    },
    async domainStatus() {
      fail('domain');
      return { createdAt: new Date('2027-03-03T12:00:00Z'), expiresAt: new Date('2028-03-03T12:00:00Z') };
    },
    async deleteApplication(application) {
      fail('delete');
      if (!stored.delete(application)) throw permanent(545, 'not found');
      deleted.push(application);
    },
  };

  function statusOf(a: Stored): ApplicationStatus {
    const settled = a.dropAt && clock.now().getTime() >= a.dropAt.getTime() + 5 * MINUTE;
    return settled ? (outcomes.get(a.fqdn)?.status ?? 'FAILED') : 'PROCESSING';
  }

  return {
    registrar,
    adds,
    deleted,
    asked,
    /** what the registrar reports for the name from 5 minutes after its drop (default FAILED) */
    outcome(fqdn: string, status: ApplicationStatus, auction?: UpstreamAuction) {
      outcomes.set(fqdn, { status, auction });
    },
    /** the finalization date the registrar reports for the name's applications (as cnr does) */
    finalizes(fqdn: string, at: Date) {
      finalizations.set(fqdn, at);
    },
    failNext(method: Method, ...errors: Error[]) {
      failures[method].push(...errors);
    },
    loseNextReplies(n = 1) {
      lostReplies += n;
    },
    /** applications accepted per backorder reference */
    perReference(): Map<string, number> {
      const m = new Map<string, number>();
      for (const a of adds) m.set(a.reference, (m.get(a.reference) ?? 0) + 1);
      return m;
    },
  };
}

export type ScriptedRegistrar = ReturnType<typeof scriptedRegistrar>;
