import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.ts';
import { loadConfig } from '../../src/config.ts';
import { RegistrarError } from '../../src/errors.ts';
import { createLogger } from '../../src/log.ts';
import { isAccountProblem } from '../../src/registrar/codes.ts';
import { createRegistrar } from '../../src/registrar/create-registrar.ts';
import type { RegistrantContact, Registrar } from '../../src/registrar/port.ts';
import { type FakeIspapi, startFakeIspapi } from '../fakes/ispapi-server.ts';

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

let fake: FakeIspapi;
let logLines: string[];

function client(env: Record<string, string> = {}): Registrar {
  // The logger gets no list of secrets: the client itself must keep the password out of log lines.
  const log = createLogger({ level: 'debug', write: (line) => logLines.push(line) });
  const config = loadConfig({
    REGISTRAR: 'ispapi',
    ISPAPI_URL: fake.url,
    ISPAPI_ENTITY: fake.entity,
    ISPAPI_LOGIN: fake.login,
    ISPAPI_PASSWORD: fake.password,
    ISPAPI_CONTACT: 'P-RESELLER1',
    ISPAPI_TIMEOUT_MS: '2000',
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

beforeEach(async () => {
  fake = await startFakeIspapi({ password: PASSWORD });
  logLines = [];
});
afterEach(() => fake.close());

describe('ispapi client: authentication', () => {
  it('checks the credentials once per session, lazily before the first command', async () => {
    const registrar = client();
    expect(registrar.kind).toBe('ispapi');
    expect(fake.received).toHaveLength(0);
    const { application } = await registrar.addApplication({
      fqdn: 'example.com',
      dropAt: null,
      reference: '1',
    });
    await registrar.applicationStatus(application);
    await registrar.findApplication('example.com');
    expect(fake.commands()).toEqual([
      'CheckAuthentication',
      'AddDomainApplication',
      'StatusDomainApplication',
      'QueryDomainApplicationList',
    ]);
    expect(fake.received.every((r) => r.credentialsOk)).toBe(true);
  });

  it('shares one check among concurrent first calls', async () => {
    const registrar = client();
    await Promise.all([1, 2, 3].map((n) => registrar.findApplication(`name${n}.com`)));
    expect(fake.commands().filter((c) => c === 'CheckAuthentication')).toHaveLength(1);
  });

  it('checks again after a 530 and resends the command HEXONET did not run', async () => {
    const registrar = client();
    await registrar.findApplication('example.com');
    fake.failNext(
      { code: 530, description: 'Authentication failed' },
      { command: 'QueryDomainApplicationList' },
    );
    expect(await registrar.findApplication('example.com')).toBeNull();
    expect(fake.commands()).toEqual([
      'CheckAuthentication',
      'QueryDomainApplicationList',
      'QueryDomainApplicationList',
      'CheckAuthentication',
      'QueryDomainApplicationList',
    ]);
  });

  it('reports wrong credentials as a permanent account problem and does not remember the failure', async () => {
    const registrar = client({ ISPAPI_PASSWORD: 'wrong-password' });
    const error = await failure(registrar.applicationStatus('10700'));
    expect(error).toMatchObject({ temporary: false, registrarCode: 530 });
    expect(isAccountProblem(error)).toBe(true);
    await failure(registrar.applicationStatus('10700'));
    expect(fake.commands()).toEqual(['CheckAuthentication', 'CheckAuthentication']);
  });

  it('explicit checkAuthentication always asks', async () => {
    const registrar = client();
    await registrar.checkAuthentication();
    await registrar.checkAuthentication();
    await registrar.domainStatus('example.com').catch(() => {});
    expect(fake.commands()).toEqual(['CheckAuthentication', 'CheckAuthentication', 'StatusDomain']);
  });
});

describe('ispapi client: applications', () => {
  it('sends a backorder application with the customer as inline owner and the reseller handle for the rest', async () => {
    const registrar = client();
    const { application } = await registrar.addApplication({
      fqdn: 'Example.COM',
      dropAt: new Date('2030-01-01T10:00:00Z'),
      contact: { ...contact, organization: 'Analytical Engines Ltd' },
      reference: '42',
    });
    expect(application).toBe('10700');
    const sent = fake.received.find((r) => r.command === 'AddDomainApplication')!;
    expect(sent.params).toEqual({
      COMMAND: 'AddDomainApplication',
      CLASS: 'BACKORDER',
      NEW: '1',
      DOMAIN: 'example.com',
      PERIOD: '1',
      OWNERCONTACT0FIRSTNAME: 'Ada',
      OWNERCONTACT0LASTNAME: 'Lovelace',
      OWNERCONTACT0ORGANIZATION: 'Analytical Engines Ltd',
      OWNERCONTACT0STREET: '12 St James Square',
      OWNERCONTACT0CITY: 'London',
      OWNERCONTACT0ZIP: 'SW1Y 4JH',
      OWNERCONTACT0COUNTRY: 'GB',
      OWNERCONTACT0PHONE: '+44.2071234567',
      OWNERCONTACT0EMAIL: 'ada@example.org',
      ADMINCONTACT0: 'P-RESELLER1',
      TECHCONTACT0: 'P-RESELLER1',
      BILLINGCONTACT0: 'P-RESELLER1',
    });
    expect(fake.applications.get('10700')).toMatchObject({ domain: 'example.com', status: 'REQUESTED' });
  });

  it('uses the reseller handle as owner when the customer has no contact', async () => {
    await client().addApplication({ fqdn: 'example.com', dropAt: null, reference: '1' });
    const { params } = fake.received.find((r) => r.command === 'AddDomainApplication')!;
    expect(params.OWNERCONTACT0).toBe('P-RESELLER1');
    expect(Object.keys(params).filter((k) => k.startsWith('OWNERCONTACT0'))).toEqual(['OWNERCONTACT0']);
  });

  it('sends no contacts at all without a customer contact and without ISPAPI_CONTACT', async () => {
    await client({ ISPAPI_CONTACT: '' }).addApplication({
      fqdn: 'example.com',
      dropAt: null,
      reference: '1',
    });
    const { params } = fake.received.find((r) => r.command === 'AddDomainApplication')!;
    expect(Object.keys(params).filter((k) => k.includes('CONTACT'))).toEqual([]);
  });

  it('sends only the inline owner with a customer contact but without ISPAPI_CONTACT', async () => {
    await client({ ISPAPI_CONTACT: '' }).addApplication({
      fqdn: 'example.com',
      dropAt: null,
      contact,
      reference: '1',
    });
    const { params } = fake.received.find((r) => r.command === 'AddDomainApplication')!;
    expect(params.OWNERCONTACT0FIRSTNAME).toBe('Ada');
    expect(params.ADMINCONTACT0).toBeUndefined();
    expect(params.TECHCONTACT0).toBeUndefined();
  });

  it('keeps a line break in customer data from injecting a parameter on the wire', async () => {
    await client().addApplication({
      fqdn: 'example.com',
      dropAt: null,
      contact: { ...contact, street: 'Main St 1\r\nOWNERCONTACT0EMAIL=evil@example.net' },
      reference: '1',
    });
    const { params } = fake.received.find((r) => r.command === 'AddDomainApplication')!;
    expect(params.OWNERCONTACT0EMAIL).toBe('ada@example.org');
    expect(params.OWNERCONTACT0STREET).toBe('Main St 1OWNERCONTACT0EMAIL=evil@example.net');
  });

  it('reads the status and the upstream auction fields', async () => {
    const registrar = client();
    const { application } = await registrar.addApplication({
      fqdn: 'example.com',
      dropAt: null,
      reference: '1',
    });
    expect(await registrar.applicationStatus(application)).toEqual({ status: 'REQUESTED' });

    Object.assign(fake.applications.get(application)!, {
      status: 'AUCTION-PENDING',
      auction: {
        url: 'https://auction.example/lot/7',
        endDate: '2030-01-04 18:30:00',
        bestBid: '125.00 USD',
      },
    });
    expect(await registrar.applicationStatus(application)).toEqual({
      status: 'AUCTION-PENDING',
      auction: {
        url: 'https://auction.example/lot/7',
        endsAt: new Date('2030-01-04T18:30:00Z'),
        bestBid: '125.00 USD',
      },
    });
  });

  it('drops a malformed display field but refuses an unknown status as an invalid response', async () => {
    const registrar = client();
    const { application } = await registrar.addApplication({
      fqdn: 'example.com',
      dropAt: null,
      reference: '1',
    });
    Object.assign(fake.applications.get(application)!, {
      status: 'SUCCESSFUL',
      auction: { url: 'javascript:alert(1)', endDate: 'soon' },
    });
    expect(await registrar.applicationStatus(application)).toEqual({ status: 'SUCCESSFUL' });

    fake.applications.get(application)!.status = 'MAYBE';
    expect(await failure(registrar.applicationStatus(application))).toMatchObject({
      temporary: true,
      registrarCode: 423,
    });
  });

  it('finds an application by name, skipping the ones already adopted by other backorders', async () => {
    const registrar = client();
    const first = await registrar.addApplication({ fqdn: 'example.com', dropAt: null, reference: '1' });
    await registrar.addApplication({ fqdn: 'other.com', dropAt: null, reference: '2' });
    const second = await registrar.addApplication({ fqdn: 'example.com', dropAt: null, reference: '3' });
    fake.applications.get(second.application)!.status = 'PROCESSING';

    expect(await registrar.findApplication('EXAMPLE.com')).toEqual({
      application: first.application,
      status: 'REQUESTED',
    });
    expect(await registrar.findApplication('example.com', { excluding: [first.application] })).toEqual({
      application: second.application,
      status: 'PROCESSING',
    });
    expect(
      await registrar.findApplication('example.com', { excluding: [first.application, second.application] }),
    ).toBeNull();
    expect(await registrar.findApplication('unknown.net')).toBeNull();
    const query = fake.received.find((r) => r.command === 'QueryDomainApplicationList')!;
    expect(query.params).toMatchObject({ DOMAIN: 'example.com', CLASS: 'BACKORDER' });
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
  });

  it('deletes an application, and says so when deleting is no longer allowed (552)', async () => {
    const registrar = client();
    const a = await registrar.addApplication({ fqdn: 'example.com', dropAt: null, reference: '1' });
    await registrar.deleteApplication(a.application);
    expect(fake.applications.has(a.application)).toBe(false);

    const b = await registrar.addApplication({ fqdn: 'example.com', dropAt: null, reference: '2' });
    fake.applications.get(b.application)!.status = 'PROCESSING';
    const error = await failure(registrar.deleteApplication(b.application));
    expect(error).toMatchObject({ temporary: false, registrarCode: 552 });
    expect(error.message).toMatch(/no longer be deleted/);
    expect(fake.applications.has(b.application)).toBe(true);
  });
});

describe('ispapi client: errors', () => {
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
    const error = await failure(registrar.applicationStatus('10700'));
    expect(error).toMatchObject({ temporary, registrarCode: code });
    expect(error.code).toBe(temporary ? 'REGISTRAR_TEMPORARY' : 'REGISTRAR_PERMANENT');
    expect(isAccountProblem(error)).toBe(false);
  });

  it('makes a credit-limit refusal (546) recognisable for a staff alert', async () => {
    const registrar = client();
    fake.failNext({ code: 546, description: 'Credit limit exceeded' }, { command: 'AddDomainApplication' });
    const error = await failure(
      registrar.addApplication({ fqdn: 'example.com', dropAt: null, reference: '1' }),
    );
    expect(error).toMatchObject({ temporary: false, registrarCode: 546 });
    expect(isAccountProblem(error)).toBe(true);
    expect(fake.applications.size).toBe(0);
  });

  it.each([
    ['an empty body', { body: '' }, 423],
    ['a body without CODE', { body: 'Service temporarily unavailable' }, 423],
    ['HTTP 500', { httpStatus: 500 }, 421],
    ['HTTP 502', { httpStatus: 502 }, 421],
  ] as const)('treats %s as temporary', async (_what, fault, code) => {
    const registrar = client();
    await registrar.checkAuthentication();
    fake.failNext(fault);
    expect(await failure(registrar.applicationStatus('10700'))).toMatchObject({
      temporary: true,
      registrarCode: code,
    });
  });

  it('gives up after ISPAPI_TIMEOUT_MS with a temporary error', async () => {
    const registrar = client({ ISPAPI_TIMEOUT_MS: '200' });
    await registrar.checkAuthentication();
    fake.failNext({ delayMs: 3000 });
    const started = Date.now();
    const error = await failure(registrar.applicationStatus('10700'));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error).toMatchObject({ temporary: true, registrarCode: 421 });
    expect(error.message).toMatch(/no answer within 200 ms/);
  });

  it('treats an unreachable server as temporary', async () => {
    const registrar = client();
    await fake.close();
    const error = await failure(registrar.checkAuthentication());
    expect(error).toMatchObject({ temporary: true, registrarCode: 421 });
    expect(error.message).toMatch(/network error/);
    fake = await startFakeIspapi({ password: PASSWORD });
  });
});

describe('ispapi client: the password', () => {
  it('never appears in an error message or a log line, whatever fails', async () => {
    const errors: RegistrarError[] = [];
    const registrar = client();
    fake.failNext({ code: 530, description: `Authentication failed for s_pw=${PASSWORD}` });
    errors.push(await failure(registrar.checkAuthentication()));
    fake.failNext({ code: 549, description: `Command failed; echo ${PASSWORD}` });
    errors.push(await failure(registrar.checkAuthentication()));
    fake.failNext({ httpStatus: 500 });
    errors.push(
      await failure(registrar.addApplication({ fqdn: 'example.com', dropAt: null, contact, reference: '1' })),
    );
    fake.failNext({ body: `CODE = 200\nno description, but ${PASSWORD}` });
    errors.push(await failure(registrar.applicationStatus('1')));
    errors.push(await failure(client({ ISPAPI_PASSWORD: `${PASSWORD}-wrong` }).applicationStatus('1')));

    expect(errors.map((e) => e.registrarCode)).toEqual([530, 549, 421, 423, 530]);
    expect(errors[0]!.message).toContain('s_pw=[redacted]');
    expect(logLines.length).toBeGreaterThan(5);
    for (const text of [...errors.map((e) => `${e.message} ${JSON.stringify(e)}`), ...logLines]) {
      expect(text).not.toContain(PASSWORD);
    }
  });
});
