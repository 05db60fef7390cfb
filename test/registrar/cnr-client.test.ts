import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.ts';
import { loadConfig } from '../../src/config.ts';
import { RegistrarError } from '../../src/errors.ts';
import { createLogger } from '../../src/log.ts';
import { isAccountProblem } from '../../src/registrar/codes.ts';
import { createRegistrar } from '../../src/registrar/create-registrar.ts';
import type { RegistrantContact, Registrar } from '../../src/registrar/port.ts';
import { type FakeCnr, startFakeCnr } from '../fakes/cnr-server.ts';

// Our CNR client against the loopback CNR gateway: the real wire, sessions, codes and faults.

const PASSWORD = 'S3cret-Pa55word!';
const contact: RegistrantContact = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  street: '12 St James Square',
  city: 'London',
  zip: 'SW1Y 4JH',
  country: 'GB',
  phone: '+44.2071234567',
  email: 'ada@example.org',
};

let fake: FakeCnr;
let logLines: string[];

function client(env: Record<string, string> = {}): Registrar {
  // The logger gets no list of secrets: the client itself must keep the password out of log lines.
  const log = createLogger({ level: 'debug', write: (line) => logLines.push(line) });
  const config = loadConfig({
    REGISTRAR: 'cnr',
    CNR_URL: fake.url,
    CNR_LOGIN: fake.login,
    CNR_PASSWORD: fake.password,
    CNR_CONTACT: 'RESELLER-HANDLE',
    CNR_TIMEOUT_MS: '2000',
    ...env,
  });
  return createRegistrar({ config, clock: systemClock, log });
}

async function failure(promise: Promise<unknown>): Promise<RegistrarError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RegistrarError);
  return error as RegistrarError;
}

const send = (r: Registrar, fqdn = 'example.com', more: { lite?: boolean } = {}) =>
  r.addApplication({ fqdn, dropAt: null, reference: '1', ...more });

beforeEach(async () => {
  fake = await startFakeCnr({ password: PASSWORD });
  logLines = [];
});
afterEach(() => fake.close());

describe('cnr client: session', () => {
  it('logs in once with StartSession, then sends the session id instead of the password', async () => {
    const registrar = client();
    expect(registrar).toMatchObject({ kind: 'cnr', liteClass: true });
    expect(fake.received).toHaveLength(0);
    const { application } = await send(registrar);
    await registrar.applicationStatus(application);
    await registrar.findApplication('example.com');
    expect(fake.commands()).toEqual([
      'StartSession',
      'AddDomainApplication',
      'StatusDomainApplication',
      'QueryDomainApplicationList',
    ]);
    const [login, ...calls] = fake.received;
    expect(login!.fields).toEqual({ s_login: fake.login, s_pw: PASSWORD, persistent: '1' });
    const [id] = fake.sessions;
    for (const call of calls) expect(call.fields).toEqual({ s_login: fake.login, s_sessionid: id });
  });

  it('shares one login among concurrent first calls', async () => {
    const registrar = client();
    await Promise.all([1, 2, 3].map((n) => registrar.findApplication(`name${n}.com`)));
    expect(fake.commands().filter((c) => c === 'StartSession')).toHaveLength(1);
  });

  it('logs in again once the session expired (530) and resends the command the gateway did not run', async () => {
    const registrar = client();
    const { application } = await send(registrar);
    fake.expireSessions();
    expect(await registrar.applicationStatus(application)).toEqual({ status: 'REQUESTED' });
    expect(fake.commands()).toEqual([
      'StartSession',
      'AddDomainApplication',
      'StatusDomainApplication',
      'StartSession',
      'StatusDomainApplication',
    ]);
    expect(fake.received.map((r) => r.credentialsOk)).toEqual([true, true, false, true, true]);
  });

  it('gives up with the 530 when a fresh session is refused too', async () => {
    const registrar = client();
    await registrar.checkAuthentication();
    fake.failNext({ code: 530, description: 'Authentication failed' }, { times: 2, command: 'StatusDomain' });
    const error = await failure(registrar.domainStatus('example.com'));
    expect(error).toMatchObject({ temporary: false, registrarCode: 530 });
    expect(fake.commands()).toEqual(['StartSession', 'StatusDomain', 'StartSession', 'StatusDomain']);
  });

  it('reports wrong credentials as a permanent account problem and does not remember the failure', async () => {
    const registrar = client({ CNR_PASSWORD: 'wrong-password' });
    const error = await failure(registrar.applicationStatus('5000'));
    expect(error).toMatchObject({ temporary: false, registrarCode: 530 });
    expect(isAccountProblem(error)).toBe(true);
    await failure(registrar.applicationStatus('5000'));
    expect(fake.commands()).toEqual(['StartSession', 'StartSession']);
  });

  it('checkAuthentication logs in afresh and stops the session it replaces', async () => {
    const registrar = client();
    await registrar.checkAuthentication();
    const [first] = fake.sessions;
    await registrar.checkAuthentication();
    expect(fake.commands()).toEqual(['StartSession', 'StartSession', 'StopSession']);
    expect(fake.sessions.size).toBe(1);
    expect(fake.sessions.has(first!)).toBe(false);
  });

  it('close stops the session; a later call logs in again', async () => {
    const registrar = client();
    await registrar.close?.();
    expect(fake.received).toHaveLength(0);
    await registrar.findApplication('example.com');
    await registrar.close?.();
    expect(fake.sessions.size).toBe(0);
    await registrar.findApplication('example.com');
    expect(fake.commands()).toEqual([
      'StartSession',
      'QueryDomainApplicationList',
      'StopSession',
      'StartSession',
      'QueryDomainApplicationList',
    ]);
  });
});

describe('cnr client: applications', () => {
  it('sends a BACKORDER with the reseller handle in every role, never the inline customer contact', async () => {
    const registrar = client();
    const { application } = await registrar.addApplication({
      fqdn: 'Example.COM',
      dropAt: new Date('2030-01-01T10:00:00Z'),
      contact,
      reference: '42',
    });
    expect(application).toBe('5000');
    expect(fake.received.find((r) => r.command === 'AddDomainApplication')!.params).toEqual({
      COMMAND: 'AddDomainApplication',
      CLASS: 'BACKORDER',
      DOMAIN: 'example.com',
      PERIOD: '1',
      OWNERCONTACT0: 'RESELLER-HANDLE',
      ADMINCONTACT0: 'RESELLER-HANDLE',
      TECHCONTACT0: 'RESELLER-HANDLE',
      BILLINGCONTACT0: 'RESELLER-HANDLE',
    });
    expect(fake.applications.get('5000')).toMatchObject({ domain: 'example.com', class: 'BACKORDER' });
  });

  it('sends a Lite backorder in the LITEBACKORDER class', async () => {
    await send(client(), 'example.net', { lite: true });
    expect(fake.received.find((r) => r.command === 'AddDomainApplication')!.params.CLASS).toBe(
      'LITEBACKORDER',
    );
    expect([...fake.applications.values()].map((a) => a.class)).toEqual(['LITEBACKORDER']);
  });

  it('sends no contacts without CNR_CONTACT', async () => {
    await send(client({ CNR_CONTACT: '' }));
    const { params } = fake.received.find((r) => r.command === 'AddDomainApplication')!;
    expect(Object.keys(params).filter((k) => k.includes('CONTACT'))).toEqual([]);
  });

  it.each([
    ['UNPAID', 'REQUESTED'],
    ['PAID', 'REQUESTED'],
    ['UNPAIDREQUESTED', 'REQUESTED'],
    ['REQUESTED', 'PROCESSING'],
    ['PROCESSING', 'PROCESSING'],
    ['UNPAIDPROCESSING', 'PROCESSING'],
    ['HOLD', 'PROCESSING'],
    ['SUCCESSFUL', 'SUCCESSFUL'],
    ['FAILED', 'FAILED'],
    ['INVALID', 'FAILED'],
    ['AUCTION-PENDING', 'AUCTION-PENDING'],
    ['auction-won', 'AUCTION-WON'],
    ['AUCTION-LOST', 'AUCTION-LOST'],
  ])('reads the CNR status %s as %s', async (cnr, ours) => {
    const registrar = client();
    const { application } = await send(registrar);
    fake.applications.get(application)!.status = cnr;
    expect(await registrar.applicationStatus(application)).toEqual({ status: ours });
  });

  it('reads the finalization date as UTC, and the auction fields', async () => {
    const registrar = client();
    const { application } = await send(registrar);
    Object.assign(fake.applications.get(application)!, {
      status: 'AUCTION-PENDING',
      finalizationDate: '2030-01-03 16:00:00',
      auction: {
        url: 'https://auction.example/lot/7',
        endDate: '2030-01-06 18:30:00',
        bestBid: '125.00 USD',
      },
    });
    expect(await registrar.applicationStatus(application)).toEqual({
      status: 'AUCTION-PENDING',
      finalizesAt: new Date('2030-01-03T16:00:00Z'),
      auction: {
        url: 'https://auction.example/lot/7',
        endsAt: new Date('2030-01-06T18:30:00Z'),
        bestBid: '125.00 USD',
      },
    });
  });

  it.each(['FINALIZATIONDATE', 'finalization date', 'Finalization_Date'])(
    'reads the finalization date spelt %j',
    async (name) => {
      const registrar = client();
      await registrar.checkAuthentication();
      fake.failNext({
        body: `[RESPONSE]\ncode = 200\ndescription = ok\nproperty[status][0] = PAID\nproperty[${name}][0] = 2030-01-03 16:00:00\nEOF\n`,
      });
      expect(await registrar.applicationStatus('5000')).toEqual({
        status: 'REQUESTED',
        finalizesAt: new Date('2030-01-03T16:00:00Z'),
      });
    },
  );

  it('drops a malformed finalization date but refuses an unknown status as an invalid response', async () => {
    const registrar = client();
    const { application } = await send(registrar);
    fake.applications.get(application)!.finalizationDate = 'soon';
    expect(await registrar.applicationStatus(application)).toEqual({ status: 'REQUESTED' });
    fake.applications.get(application)!.status = 'MAYBE';
    const error = await failure(registrar.applicationStatus(application));
    expect(error).toMatchObject({ temporary: true, registrarCode: 423 });
    expect(error.message).toMatch(
      /CNR StatusDomainApplication: unexpected reply \(STATUS unknown status "MAYBE"\)/,
    );
  });

  it('finds a backorder application by name, skipping adopted ones and other classes', async () => {
    const registrar = client();
    const first = await send(registrar);
    await send(registrar, 'other.com');
    const second = await send(registrar, 'example.com', { lite: true });
    Object.assign(fake.applications.get(second.application)!, {
      status: 'PROCESSING',
      finalizationDate: '2030-01-03 16:00:00',
    });
    // A launch-phase application of the same name is not one of ours.
    fake.applications.set('9999', {
      application: '9999',
      domain: 'example.com',
      class: 'GOLIVE',
      status: 'PAID',
      params: {},
    });

    expect(await registrar.findApplication('EXAMPLE.com')).toEqual({
      application: first.application,
      status: 'REQUESTED',
    });
    expect(await registrar.findApplication('example.com', { excluding: [first.application] })).toEqual({
      application: second.application,
      status: 'PROCESSING',
      finalizesAt: new Date('2030-01-03T16:00:00Z'),
    });
    expect(
      await registrar.findApplication('example.com', { excluding: [first.application, second.application] }),
    ).toBeNull();
    expect(await registrar.findApplication('unknown.net')).toBeNull();
    const query = fake.received.find((r) => r.command === 'QueryDomainApplicationList')!;
    expect(query.params).toEqual({ COMMAND: 'QueryDomainApplicationList', DOMAIN: 'example.com', WIDE: '1' });
  });

  it('reads the dates of a registered domain as UTC', async () => {
    fake.domains.set('example.com', {
      createdDate: '2030-01-01 10:05:00',
      expirationDate: '2031-01-01 10:05:00',
    });
    expect(await client().domainStatus('example.com')).toEqual({
      createdAt: new Date('2030-01-01T10:05:00Z'),
      expiresAt: new Date('2031-01-01T10:05:00Z'),
    });
    const error = await failure(client().domainStatus('unknown.com'));
    expect(error).toMatchObject({ temporary: false, registrarCode: 545 });
  });

  it('deletes an application, and says so when deleting is no longer allowed (552)', async () => {
    const registrar = client();
    const a = await send(registrar);
    await registrar.deleteApplication(a.application);
    expect(fake.applications.has(a.application)).toBe(false);
    expect(await failure(registrar.deleteApplication(a.application))).toMatchObject({ registrarCode: 545 });

    const b = await send(registrar);
    fake.applications.get(b.application)!.status = 'PROCESSING';
    const error = await failure(registrar.deleteApplication(b.application));
    expect(error).toMatchObject({ temporary: false, registrarCode: 552 });
    expect(error.message).toMatch(/no longer be deleted at CNR/);
    expect(fake.applications.has(b.application)).toBe(true);
  });
});

describe('cnr client: errors', () => {
  it.each([
    [420, true],
    [421, true],
    [423, true],
    [541, false],
    [545, false],
    [549, false],
    [552, false],
  ])('classifies code %i as temporary=%s', async (code, temporary) => {
    const registrar = client();
    await registrar.checkAuthentication();
    fake.failNext({ code, description: 'scripted' });
    const error = await failure(registrar.applicationStatus('5000'));
    expect(error).toMatchObject({ temporary, registrarCode: code });
    expect(error.code).toBe(temporary ? 'REGISTRAR_TEMPORARY' : 'REGISTRAR_PERMANENT');
    expect(isAccountProblem(error)).toBe(false);
  });

  it('makes a credit-limit refusal (546) recognisable for a staff alert', async () => {
    const registrar = client();
    fake.failNext({ code: 546, description: 'Credit limit exceeded' }, { command: 'AddDomainApplication' });
    const error = await failure(send(registrar));
    expect(error).toMatchObject({ temporary: false, registrarCode: 546 });
    expect(isAccountProblem(error)).toBe(true);
    expect(fake.applications.size).toBe(0);
  });

  it.each([
    ['an empty body', { body: '' }, 423],
    ['a body without CODE', { body: 'Service temporarily unavailable' }, 423],
    ['a reply cut off before EOF', { body: '[RESPONSE]\ncode = 200\ndescription = ok\nproperty[stat' }, 423],
    ['a connection cut mid-body', { truncate: true }, 421],
    ['HTTP 500', { httpStatus: 500 }, 421],
    ['HTTP 502', { httpStatus: 502 }, 421],
  ] as const)('treats %s as temporary', async (_what, fault, code) => {
    const registrar = client();
    await registrar.checkAuthentication();
    fake.failNext(fault);
    expect(await failure(registrar.applicationStatus('5000'))).toMatchObject({
      temporary: true,
      registrarCode: code,
    });
  });

  it('a lost reply is temporary, and the application it carried is there to be found', async () => {
    const registrar = client();
    fake.failNext({ lostReply: true }, { command: 'AddDomainApplication' });
    expect(await failure(send(registrar))).toMatchObject({ temporary: true, registrarCode: 421 });
    expect(await registrar.findApplication('example.com')).toEqual({
      application: '5000',
      status: 'REQUESTED',
    });
  });

  it('gives up after CNR_TIMEOUT_MS on a gateway that never answers', async () => {
    const registrar = client({ CNR_TIMEOUT_MS: '200' });
    await registrar.checkAuthentication();
    fake.failNext({ hang: true });
    const error = await failure(registrar.applicationStatus('5000'));
    expect(error).toMatchObject({ temporary: true, registrarCode: 421 });
    expect(error.message).toMatch(/no answer within 200 ms/);
  });

  it('waits for a slow answer within CNR_TIMEOUT_MS', async () => {
    const registrar = client();
    const { application } = await send(registrar);
    fake.failNext({ delayMs: 300 });
    expect(await registrar.applicationStatus(application)).toEqual({ status: 'REQUESTED' });
  });

  it('treats an unreachable gateway as temporary', async () => {
    const registrar = client();
    await fake.close();
    const error = await failure(registrar.checkAuthentication());
    expect(error).toMatchObject({ temporary: true, registrarCode: 421 });
    expect(error.message).toMatch(/network error/);
    fake = await startFakeCnr({ password: PASSWORD });
  });
});

describe('cnr client: secrets', () => {
  it('neither the password nor a session id appears in an error message or a log line', async () => {
    const errors: RegistrarError[] = [];
    const registrar = client();
    fake.failNext({ code: 530, description: `Authentication failed for s_pw=${PASSWORD}` });
    errors.push(await failure(registrar.checkAuthentication()));
    await registrar.checkAuthentication();
    const [session] = fake.sessions;
    fake.failNext({ code: 549, description: `Command failed; session ${session} password ${PASSWORD}` });
    errors.push(await failure(registrar.applicationStatus('1')));
    fake.failNext({ httpStatus: 500 });
    errors.push(
      await failure(registrar.addApplication({ fqdn: 'example.com', dropAt: null, contact, reference: '1' })),
    );
    fake.failNext({ body: `code = 200\nno description, but ${PASSWORD} and ${session}` });
    errors.push(await failure(registrar.applicationStatus('1')));
    fake.failNext({ code: 500, description: `bad session ${session}` }, { command: 'StopSession' });
    await registrar.close?.();
    errors.push(await failure(client({ CNR_PASSWORD: `${PASSWORD}-wrong` }).applicationStatus('1')));

    expect(errors.map((e) => e.registrarCode)).toEqual([530, 549, 421, 423, 530]);
    expect(errors[0]!.message).toContain('s_pw=[redacted]');
    expect(errors[1]!.message).toContain('session [redacted] password [redacted]');
    expect(logLines.some((l) => l.includes('CNR session not stopped'))).toBe(true);
    for (const text of [...errors.map((e) => `${e.message} ${JSON.stringify(e)}`), ...logLines]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(session);
    }
  });
});
