import { setTimeout as delay } from 'node:timers/promises';
import type { Clock } from '../../src/clock.ts';
import { MINUTE } from '../../src/clock.ts';
import { RegistrarError } from '../../src/errors.ts';
import type {
  ApplicationState,
  ApplicationStatus,
  NewApplication,
  Registrar,
  UpstreamAuction,
} from '../../src/registrar/port.ts';

// A scriptable stand-in for the Registrar port (not for any of our modules): it remembers every
// application it accepted, answers by a script per name once the drop is 5 minutes past, and fails
// the next calls of a method on request. One instance shared by two engines stands for the one
// registrar two processes talk to. cnr-upstream.ts plays the same script through our CNR client and
// the CNR gateway fake; world.ts picks one by TEST_REGISTRAR.

export interface Stored extends NewApplication {
  application: string;
}

export type Method = 'add' | 'status' | 'find' | 'delete' | 'domain';

/** What the scenarios see of the registrar, whichever plays it. */
export interface Upstream {
  registrar: Registrar;
  /** every accepted addApplication, in order (a resend would show up twice) */
  readonly adds: Stored[];
  readonly deleted: string[];
  /** every applicationStatus question, by application */
  readonly asked: string[];
  /** what the registrar reports for the name from 5 minutes after its drop (default FAILED) */
  outcome(fqdn: string, status: ApplicationStatus, auction?: UpstreamAuction): void;
  /** the finalization date the registrar reports for the name's applications (as cnr does) */
  finalizes(fqdn: string, at: Date): void;
  failNext(method: Method, ...errors: RegistrarError[]): void;
  /** addApplication calls whose reply is lost after the registrar took the application */
  loseNextReplies(n?: number): void;
  /** applications accepted per backorder reference */
  perReference(): Map<string, number>;
  /**
   * every addApplication from now on takes `ms` (real time): the application exists once its call
   * has been processed, at the end; questions are answered at once
   */
  slowAdds(ms: number): void;
}

export function temporary(code = 421, message = 'network error') {
  return new RegistrarError(true, code, message);
}
export function permanent(code = 541, message = 'invalid value') {
  return new RegistrarError(false, code, message);
}

/** The script both registrars play: per name, what is reported once the drop is 5 minutes past. */
export function outcomeScript(clock: Clock) {
  const outcomes = new Map<string, { status: ApplicationStatus; auction?: UpstreamAuction }>();
  const finalizations = new Map<string, Date>();
  return {
    outcome(fqdn: string, status: ApplicationStatus, auction?: UpstreamAuction) {
      outcomes.set(fqdn, { status, auction });
    },
    finalizes(fqdn: string, at: Date) {
      finalizations.set(fqdn, at);
    },
    answer(a: Stored): ApplicationState {
      const finalizesAt = finalizations.get(a.fqdn);
      const dated = finalizesAt ? { finalizesAt } : {};
      const settled = a.dropAt && clock.now().getTime() >= a.dropAt.getTime() + 5 * MINUTE;
      if (!settled) return { status: 'PROCESSING', ...dated };
      const { status = 'FAILED', auction } = outcomes.get(a.fqdn) ?? {};
      return { status, ...(auction && status.startsWith('AUCTION-') ? { auction } : {}), ...dated };
    },
  };
}

export function countPerReference(adds: readonly Stored[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const a of adds) m.set(a.reference, (m.get(a.reference) ?? 0) + 1);
  return m;
}

/** `liteClass`: the registrar sells a Lite class (as cnr does); the default is the sandbox's false. */
export function scriptedRegistrar(clock: Clock, opts: { liteClass?: boolean } = {}): Upstream {
  const stored = new Map<string, Stored>();
  const script = outcomeScript(clock);
  const failures: Record<Method, Error[]> = { add: [], status: [], find: [], delete: [], domain: [] };
  const adds: Stored[] = [];
  const deleted: string[] = [];
  const asked: string[] = [];
  let lostReplies = 0;
  let addMs = 0;
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
      if (addMs > 0) await delay(addMs);
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
          return { application: a.application, status: script.answer(a).status };
      }
      return null;
    },
    async applicationStatus(application) {
      asked.push(application);
      fail('status');
      const a = stored.get(application);
      if (!a) throw permanent(545, `application ${application} not found`);
      return script.answer(a);
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

  return {
    registrar,
    adds,
    deleted,
    asked,
    outcome: script.outcome,
    finalizes: script.finalizes,
    failNext(method, ...errors) {
      failures[method].push(...errors);
    },
    loseNextReplies(n = 1) {
      lostReplies += n;
    },
    slowAdds(ms: number) {
      addMs = ms;
    },
    perReference: () => countPerReference(adds),
  };
}
