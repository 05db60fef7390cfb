import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { createRegistrar } from '../../src/registrar/create-registrar.ts';
import type { Registrar } from '../../src/registrar/port.ts';
import { type FakeIspapi, startFakeIspapi } from '../fakes/ispapi-server.ts';
import { contact, rejection } from './helpers.ts';

// HEXONET's dialect: what goes on the wire. What both gateways share (login, codes, faults, the
// password kept out of logs) is asked of both clients in contract.test.ts.

let fake: FakeIspapi;

function client(env: Record<string, string> = {}): Registrar {
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
  return createRegistrar({ config, clock: systemClock, log: silentLogger });
}

beforeEach(async () => {
  fake = await startFakeIspapi();
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
    expect(await rejection(registrar.applicationStatus(application))).toMatchObject({
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
});
