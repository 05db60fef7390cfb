import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DAY, fixedClock, MINUTE } from '../../src/clock.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import { RegistrarError } from '../../src/errors.ts';
import { silentLogger } from '../../src/log.ts';
import { createRegistrar } from '../../src/registrar/create-registrar.ts';
import type { Registrar } from '../../src/registrar/port.ts';
import { type FakeCnr, startFakeCnr } from '../fakes/cnr-server.ts';
import { type FakeIspapi, startFakeIspapi } from '../fakes/ispapi-server.ts';
import type { Fault } from '../fakes/wire-server.ts';

// What the lifecycle engine relies on, asked of every registrar through the port alone: the sandbox,
// and our ispapi and cnr clients against their loopback gateways. Only how the registrar is made to
// decide (a name caught, a name finalized) and how a fault is staged differ per registrar.

const T0 = new Date('2030-03-01T12:00:00Z');
const DROP = new Date(T0.getTime() + DAY);

interface Subject {
  registrar: Registrar;
  /** the registrar's final word on the application: the name is caught */
  catchName(application: string): void;
  /** the name's deadline passed: the application can no longer be deleted */
  finalize(application: string): void;
  /** the class the application went upstream in; undefined where the registrar has no classes */
  classOf?(application: string): string;
  /** the next call meets `fault` on the wire; undefined for the sandbox, which has no wire */
  failNext?(fault: Fault, command: string): void;
  close(): Promise<void>;
}

/** Our client on a gateway fake: both keep applications by id, with a status a test may set. */
function onGateway(
  fake: FakeIspapi | FakeCnr,
  config: Config,
  classOf: (application: string) => string,
): Subject {
  const setStatus = (status: string) => (application: string) => {
    fake.applications.get(application)!.status = status;
  };
  return {
    registrar: createRegistrar({ config, clock: fixedClock(T0), log: silentLogger }),
    catchName: setStatus('SUCCESSFUL'),
    finalize: setStatus('PROCESSING'),
    classOf,
    failNext: (fault, command) => fake.failNext(fault, { command }),
    close: () => fake.close(),
  };
}

const subjects: Array<[string, () => Promise<Subject>]> = [
  [
    'sandbox',
    async () => {
      const clock = fixedClock(T0);
      const config = loadConfig({ REGISTRAR: 'sandbox', SANDBOX_CATCH_RATE: '1' });
      return {
        registrar: createRegistrar({ config, clock, log: silentLogger }),
        catchName: () => clock.set(new Date(DROP.getTime() + 10 * MINUTE)),
        finalize: () => clock.set(DROP),
        close: async () => {},
      };
    },
  ],
  [
    'ispapi',
    async () => {
      const fake = await startFakeIspapi();
      const config = loadConfig({
        REGISTRAR: 'ispapi',
        ISPAPI_URL: fake.url,
        ISPAPI_ENTITY: fake.entity,
        ISPAPI_LOGIN: fake.login,
        ISPAPI_PASSWORD: fake.password,
        ISPAPI_TIMEOUT_MS: '1000',
      });
      return onGateway(fake, config, (a) => fake.applications.get(a)!.params.CLASS!);
    },
  ],
  [
    'cnr',
    async () => {
      const fake = await startFakeCnr();
      const config = loadConfig({
        REGISTRAR: 'cnr',
        CNR_URL: fake.url,
        CNR_LOGIN: fake.login,
        CNR_PASSWORD: fake.password,
        CNR_TIMEOUT_MS: '1000',
      });
      return onGateway(fake, config, (a) => fake.applications.get(a)!.class);
    },
  ],
];

const WAITING = ['REQUESTED', 'ACTIVE', 'PROCESSING'];

async function rejection(promise: Promise<unknown>): Promise<RegistrarError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RegistrarError);
  return error as RegistrarError;
}

describe.each(subjects)('the %s registrar keeps the port contract', (_name, make) => {
  let s: Subject;
  let r: Registrar;
  beforeEach(async () => {
    s = await make();
    r = s.registrar;
  });
  afterEach(() => s.close());

  const send = (reference: string, fqdn = 'contract.com') =>
    r.addApplication({ fqdn, dropAt: DROP, reference });

  /** every application the registrar holds for the name, found through the port */
  async function held(fqdn: string): Promise<string[]> {
    const found: string[] = [];
    for (let a = await r.findApplication(fqdn); a; a = await r.findApplication(fqdn, { excluding: found })) {
      found.push(a.application);
    }
    return found;
  }

  it('sends once: one application, waiting for the drop', async () => {
    const { application } = await send('1');
    expect(await held('contract.com')).toEqual([application]);
    expect(WAITING).toContain((await r.applicationStatus(application)).status);
    expect(await held('other.com')).toEqual([]);
  });

  it('finds the application of an interrupted send, and only the ones no other backorder holds', async () => {
    let interrupted: string | undefined;
    if (s.failNext) {
      s.failNext({ lostReply: true }, 'AddDomainApplication');
      const error = await rejection(send('1'));
      expect(error.temporary).toBe(true);
    } else {
      // Without a wire nothing can be lost on the way: the caller just never learns the id.
      interrupted = (await send('1')).application;
    }
    const found = await r.findApplication('Contract.COM');
    expect(found).not.toBeNull();
    if (interrupted) expect(found!.application).toBe(interrupted);
    expect(WAITING).toContain(found!.status);

    const other = await send('2');
    expect(other.application).not.toBe(found!.application);
    expect(await r.findApplication('contract.com', { excluding: [found!.application] })).toMatchObject({
      application: other.application,
    });
    expect(await held('contract.com')).toHaveLength(2);
  });

  it('polls: waiting until the registrar decides, then its word', async () => {
    const { application } = await send('1');
    expect(WAITING).toContain((await r.applicationStatus(application)).status);
    s.catchName(application);
    expect(await r.applicationStatus(application)).toMatchObject({ status: 'SUCCESSFUL' });
  });

  it('deletes before the deadline (then the application is gone: 545), refuses after it (552)', async () => {
    const early = await send('1');
    await r.deleteApplication(early.application);
    expect(await rejection(r.applicationStatus(early.application))).toMatchObject({
      temporary: false,
      registrarCode: 545,
    });
    expect(await held('contract.com')).toEqual([]);

    const late = await send('2', 'late.com');
    s.finalize(late.application);
    expect(await rejection(r.deleteApplication(late.application))).toMatchObject({
      temporary: false,
      registrarCode: 552,
    });
    expect(await held('late.com')).toEqual([late.application]);
  });

  it('sends a Lite application in the Lite class only where the registrar has one', async ({ skip }) => {
    if (!s.classOf) return skip('the sandbox has no classes');
    const { application } = await r.addApplication({
      fqdn: 'lite.com',
      dropAt: DROP,
      reference: '1',
      lite: true,
    });
    expect(s.classOf(application)).toBe(r.liteClass ? 'LITEBACKORDER' : 'BACKORDER');
    expect(r.liteClass).toBe(r.kind === 'cnr');
  });

  it('survives faults: a temporary error, a garbled reply and a hang, then carries on', async ({ skip }) => {
    const failNext = s.failNext;
    if (!failNext) return skip('the sandbox has no wire to fail');
    const { application } = await send('1');
    failNext({ code: 421, description: 'Command failed due to server error' }, 'StatusDomainApplication');
    expect(await rejection(r.applicationStatus(application))).toMatchObject({
      temporary: true,
      registrarCode: 421,
    });
    failNext({ body: '<html>502 Bad Gateway</html>' }, 'StatusDomainApplication');
    expect(await rejection(r.applicationStatus(application))).toMatchObject({
      temporary: true,
      registrarCode: 423,
    });
    failNext({ hang: true }, 'QueryDomainApplicationList');
    expect(await rejection(r.findApplication('contract.com'))).toMatchObject({
      temporary: true,
      registrarCode: 421,
    });
    failNext({ code: 549, description: 'Command failed' }, 'DeleteDomainApplication');
    expect(await rejection(r.deleteApplication(application))).toMatchObject({
      temporary: false,
      registrarCode: 549,
    });

    expect(WAITING).toContain((await r.applicationStatus(application)).status);
    expect(await held('contract.com')).toEqual([application]);
  });
});
