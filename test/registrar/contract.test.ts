import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DAY, fixedClock, MINUTE } from '../../src/clock.ts';
import { loadConfig } from '../../src/config.ts';
import type { RegistrarError } from '../../src/errors.ts';
import { createLogger, type Logger, silentLogger } from '../../src/log.ts';
import { isAccountProblem } from '../../src/registrar/codes.ts';
import { createRegistrar } from '../../src/registrar/create-registrar.ts';
import type { Registrar } from '../../src/registrar/port.ts';
import { type FakeCnr, startFakeCnr } from '../fakes/cnr-server.ts';
import { type FakeIspapi, startFakeIspapi } from '../fakes/ispapi-server.ts';
import type { Fault } from '../fakes/wire-server.ts';
import { contact, rejection } from './helpers.ts';

// What the lifecycle engine relies on, asked of every registrar through the port alone: the sandbox,
// and our ispapi and cnr clients against their loopback gateways. Only how the registrar is made to
// decide (a name caught, a name finalized) and how a fault is staged differ per registrar. The two
// gateways also share a wire (src/registrar/wire/) and HEXONET's codes, which CNR keeps
// (kb.centralnicreseller.com/api/return-codes): what a login, a code or a broken transport does is
// asked of both in the second half.

const T0 = new Date('2030-03-01T12:00:00Z');
const DROP = new Date(T0.getTime() + DAY);
const PASSWORD = 'S3cret-Pa55word!';

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

/** A gateway fake and a way to make our client for it. */
interface Gateway {
  fake: FakeIspapi | FakeCnr;
  /** the command that proves the credentials */
  login: 'CheckAuthentication' | 'StartSession';
  /** the gateway forgets who we are: the next command meets a 530 */
  forget(): void;
  client(o?: { password?: string; log?: Logger }): Registrar;
  classOf(application: string): string;
  close(): Promise<void>;
}

const once = (f: () => Promise<void>) => {
  let done: Promise<void> | undefined;
  return () => {
    done ??= f();
    return done;
  };
};

const gateways: Array<[string, () => Promise<Gateway>]> = [
  [
    'ispapi',
    async () => {
      const fake = await startFakeIspapi({ password: PASSWORD });
      return {
        fake,
        login: 'CheckAuthentication',
        // HEXONET has no session: a 530 on a command is how a revoked login shows.
        forget: () => fake.failNext({ code: 530, description: 'Authentication failed' }),
        client: (o = {}) =>
          createRegistrar({
            config: loadConfig({
              REGISTRAR: 'ispapi',
              ISPAPI_URL: fake.url,
              ISPAPI_ENTITY: fake.entity,
              ISPAPI_LOGIN: fake.login,
              ISPAPI_PASSWORD: o.password ?? fake.password,
              ISPAPI_TIMEOUT_MS: '1000',
            }),
            clock: fixedClock(T0),
            log: o.log ?? silentLogger,
          }),
        classOf: (a) => fake.applications.get(a)!.params.CLASS!,
        close: once(() => fake.close()),
      };
    },
  ],
  [
    'cnr',
    async () => {
      const fake = await startFakeCnr({ password: PASSWORD });
      return {
        fake,
        login: 'StartSession',
        forget: () => fake.expireSessions(),
        client: (o = {}) =>
          createRegistrar({
            config: loadConfig({
              REGISTRAR: 'cnr',
              CNR_URL: fake.url,
              CNR_LOGIN: fake.login,
              CNR_PASSWORD: o.password ?? fake.password,
              CNR_TIMEOUT_MS: '1000',
            }),
            clock: fixedClock(T0),
            log: o.log ?? silentLogger,
          }),
        classOf: (a) => fake.applications.get(a)!.class,
        close: once(() => fake.close()),
      };
    },
  ],
];

/** Our client on a gateway fake: both keep applications by id, with a status a test may set. */
async function onGateway(start: () => Promise<Gateway>): Promise<Subject> {
  const g = await start();
  const setStatus = (status: string) => (application: string) => {
    g.fake.applications.get(application)!.status = status;
  };
  return {
    registrar: g.client(),
    catchName: setStatus('SUCCESSFUL'),
    finalize: setStatus('PROCESSING'),
    classOf: g.classOf,
    failNext: (fault, command) => g.fake.failNext(fault, { command }),
    close: g.close,
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
  ...gateways.map(([name, start]): [string, () => Promise<Subject>] => [name, () => onGateway(start)]),
];

const WAITING = ['REQUESTED', 'ACTIVE', 'PROCESSING'];

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
    const refusal = await rejection(r.deleteApplication(late.application));
    expect(refusal).toMatchObject({ temporary: false, registrarCode: 552 });
    expect(refusal.message).toMatch(new RegExp(`application ${late.application} can no longer be deleted`));
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

describe.each(gateways)('the %s client on its gateway', (_name, start) => {
  let g: Gateway;
  let r: Registrar;
  beforeEach(async () => {
    g = await start();
    r = g.client();
  });
  afterEach(() => g.close());

  const send = (fqdn = 'a.com') => r.addApplication({ fqdn, dropAt: DROP, reference: '1' });
  const logins = () => g.fake.commands().filter((c) => c === g.login).length;

  it('proves its login once for concurrent first calls', async () => {
    await Promise.all([1, 2, 3].map((n) => r.findApplication(`name${n}.com`)));
    expect(logins()).toBe(1);
  });

  it('logs in again when the gateway forgot it (530) and resends the command it did not run', async () => {
    const { application } = await send();
    g.forget();
    expect(WAITING).toContain((await r.applicationStatus(application)).status);
    expect(logins()).toBe(2);
    expect(g.fake.commands().filter((c) => c === 'StatusDomainApplication')).toHaveLength(2);
  });

  it('reports wrong credentials as a permanent account problem and does not remember the failure', async () => {
    const wrong = g.client({ password: 'wrong-password' });
    const error = await rejection(wrong.applicationStatus('10700'));
    expect(error).toMatchObject({ temporary: false, registrarCode: 530 });
    expect(isAccountProblem(error)).toBe(true);
    await rejection(wrong.applicationStatus('10700'));
    expect(g.fake.commands()).toEqual([g.login, g.login]);
  });

  it('reads the upstream auction fields of an application', async () => {
    const { application } = await send();
    Object.assign(g.fake.applications.get(application)!, {
      status: 'AUCTION-PENDING',
      auction: {
        url: 'https://auction.example/lot/7',
        endDate: '2030-01-04 18:30:00',
        bestBid: '125.00 USD',
      },
    });
    expect(await r.applicationStatus(application)).toEqual({
      status: 'AUCTION-PENDING',
      auction: {
        url: 'https://auction.example/lot/7',
        endsAt: new Date('2030-01-04T18:30:00Z'),
        bestBid: '125.00 USD',
      },
    });
  });

  it('reads the dates of a registered domain as UTC; an unknown one is 545', async () => {
    g.fake.domains.set('example.com', {
      createdDate: '2030-01-01 10:05:00',
      expirationDate: '2031-01-01 10:05:00',
    });
    expect(await r.domainStatus('example.com')).toEqual({
      createdAt: new Date('2030-01-01T10:05:00Z'),
      expiresAt: new Date('2031-01-01T10:05:00Z'),
    });
    expect(await rejection(r.domainStatus('unknown.com'))).toMatchObject({
      temporary: false,
      registrarCode: 545,
    });
  });

  it.each([
    [420, true],
    [421, true],
    [423, true],
    [541, false],
    [545, false],
    [549, false],
    [552, false],
  ])('classifies code %i as temporary=%s', async (code, temporary) => {
    g.fake.failNext({ code, description: 'scripted' }, { command: 'StatusDomainApplication' });
    const error = await rejection(r.applicationStatus('10700'));
    expect(error).toMatchObject({ temporary, registrarCode: code });
    expect(error.code).toBe(temporary ? 'REGISTRAR_TEMPORARY' : 'REGISTRAR_PERMANENT');
    expect(isAccountProblem(error)).toBe(false);
  });

  it('makes a credit-limit refusal (546) recognisable for a staff alert, and takes no application', async () => {
    g.fake.failNext({ code: 546, description: 'Credit limit exceeded' }, { command: 'AddDomainApplication' });
    const error = await rejection(send());
    expect(error).toMatchObject({ temporary: false, registrarCode: 546 });
    expect(isAccountProblem(error)).toBe(true);
    expect(await r.findApplication('a.com')).toBeNull();
  });

  it.each([
    ['an empty body', { body: '' }, 423],
    ['a body without CODE', { body: 'Service temporarily unavailable' }, 423],
    ['a reply cut off before EOF', { body: '[RESPONSE]\ncode = 200\ndescription = ok\nproperty[stat' }, 423],
    ['a connection cut mid-body', { truncate: true }, 421],
    ['HTTP 500', { httpStatus: 500 }, 421],
    ['HTTP 502', { httpStatus: 502 }, 421],
  ] as const)('treats %s as temporary', async (_what, fault, code) => {
    g.fake.failNext(fault, { command: 'StatusDomainApplication' });
    expect(await rejection(r.applicationStatus('10700'))).toMatchObject({
      temporary: true,
      registrarCode: code,
    });
  });

  it('gives up after its timeout on a gateway that never answers, and waits for a slow one', async () => {
    g.fake.failNext({ hang: true }, { command: 'StatusDomain' });
    const error = await rejection(r.domainStatus('a.com'));
    expect(error).toMatchObject({ temporary: true, registrarCode: 421 });
    expect(error.message).toMatch(/no answer within 1000 ms/);
    const { application } = await send();
    g.fake.failNext({ delayMs: 300 }, { command: 'StatusDomainApplication' });
    expect(WAITING).toContain((await r.applicationStatus(application)).status);
  });

  it('treats an unreachable gateway as temporary', async () => {
    await g.close();
    const error = await rejection(r.checkAuthentication());
    expect(error).toMatchObject({ temporary: true, registrarCode: 421 });
    expect(error.message).toMatch(/network error/);
  });

  it('never lets the password into an error message or a log line, whatever fails', async () => {
    const lines: string[] = [];
    // The logger gets no list of secrets: the client itself must keep the password out of log lines.
    const log = createLogger({ level: 'debug', write: (line) => lines.push(line) });
    const client = g.client({ log });
    const errors: RegistrarError[] = [];
    g.fake.failNext({ code: 530, description: `Authentication failed for s_pw=${PASSWORD}` });
    errors.push(await rejection(client.checkAuthentication()));
    await client.checkAuthentication();
    g.fake.failNext({ code: 549, description: `Command failed; echo ${PASSWORD}` });
    errors.push(await rejection(client.applicationStatus('1')));
    g.fake.failNext({ httpStatus: 500 });
    errors.push(
      await rejection(client.addApplication({ fqdn: 'a.com', dropAt: null, contact, reference: '1' })),
    );
    g.fake.failNext({ body: `CODE = 200\nno description, but ${PASSWORD}` });
    errors.push(await rejection(client.applicationStatus('1')));
    errors.push(await rejection(g.client({ password: `${PASSWORD}-wrong`, log }).applicationStatus('1')));

    expect(errors.map((e) => e.registrarCode)).toEqual([530, 549, 421, 423, 530]);
    expect(errors[0]!.message).toContain('s_pw=[redacted]');
    expect(lines.length).toBeGreaterThan(5);
    for (const text of [...errors.map((e) => `${e.message} ${JSON.stringify(e)}`), ...lines]) {
      expect(text).not.toContain(PASSWORD);
    }
  });
});
