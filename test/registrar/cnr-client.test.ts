import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.ts';
import { loadConfig } from '../../src/config.ts';
import type { RegistrarError } from '../../src/errors.ts';
import { createLogger } from '../../src/log.ts';
import { createRegistrar } from '../../src/registrar/create-registrar.ts';
import type { Registrar } from '../../src/registrar/port.ts';
import { type FakeCnr, startFakeCnr } from '../fakes/cnr-server.ts';
import { contact, rejection } from './helpers.ts';

// CNR's dialect against the loopback CNR gateway: its session, classes, statuses and dates. What both
// gateways share (login, codes, faults, the password kept out of logs) is in contract.test.ts.

const PASSWORD = 'S3cret-Pa55word!';
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
    const error = await rejection(registrar.domainStatus('example.com'));
    expect(error).toMatchObject({ temporary: false, registrarCode: 530 });
    expect(fake.commands()).toEqual(['StartSession', 'StatusDomain', 'StartSession', 'StatusDomain']);
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

  it('reads the finalization date as UTC', async () => {
    const registrar = client();
    const { application } = await send(registrar);
    fake.applications.get(application)!.finalizationDate = '2030-01-03 16:00:00';
    expect(await registrar.applicationStatus(application)).toEqual({
      status: 'REQUESTED',
      finalizesAt: new Date('2030-01-03T16:00:00Z'),
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
    const error = await rejection(registrar.applicationStatus(application));
    expect(error).toMatchObject({ temporary: true, registrarCode: 423 });
    expect(error.message).toMatch(
      /CNR StatusDomainApplication: unexpected reply \(STATUS unknown status "MAYBE"\)/,
    );
  });

  it('finds a Lite or regular backorder application with its finalization date, never another class', async () => {
    const registrar = client();
    // A launch-phase application of the name, listed first, is not one of ours.
    fake.applications.set('4999', {
      application: '4999',
      domain: 'example.com',
      class: 'GOLIVE',
      status: 'PAID',
      params: {},
    });
    const lite = await send(registrar, 'example.com', { lite: true });
    fake.applications.get(lite.application)!.finalizationDate = '2030-01-03 16:00:00';
    expect(await registrar.findApplication('example.com')).toEqual({
      application: lite.application,
      status: 'REQUESTED',
      finalizesAt: new Date('2030-01-03T16:00:00Z'),
    });
    expect(await registrar.findApplication('example.com', { excluding: [lite.application] })).toBeNull();
    const query = fake.received.find((r) => r.command === 'QueryDomainApplicationList')!;
    expect(query.params).toEqual({ COMMAND: 'QueryDomainApplicationList', DOMAIN: 'example.com', WIDE: '1' });
  });
});

describe('cnr client: secrets', () => {
  it('a session id, like the password, appears in no error message and no log line', async () => {
    const registrar = client();
    await registrar.checkAuthentication();
    const [session] = fake.sessions;
    const errors: RegistrarError[] = [];
    fake.failNext({ code: 549, description: `Command failed; session ${session} password ${PASSWORD}` });
    errors.push(await rejection(registrar.applicationStatus('1')));
    fake.failNext({ body: `code = 200\nno description, but ${session}` });
    errors.push(await rejection(registrar.applicationStatus('1')));
    fake.failNext({ code: 500, description: `bad session ${session}` }, { command: 'StopSession' });
    await registrar.close?.();

    expect(errors.map((e) => e.registrarCode)).toEqual([549, 423]);
    expect(errors[0]!.message).toContain('session [redacted] password [redacted]');
    expect(logLines.some((l) => l.includes('CNR session not stopped'))).toBe(true);
    for (const text of [...errors.map((e) => `${e.message} ${JSON.stringify(e)}`), ...logLines]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(session);
    }
  });
});
