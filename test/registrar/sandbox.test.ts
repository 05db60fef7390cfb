import { describe, expect, it } from 'vitest';
import { fixedClock, HOUR, MINUTE } from '../../src/clock.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { createRegistrar } from '../../src/registrar/create-registrar.ts';
import { isCaught, SANDBOX_SETTLE_MS, sandboxStatus } from '../../src/registrar/sandbox/outcome.ts';
import { createSandboxRegistrar } from '../../src/registrar/sandbox/sandbox-registrar.ts';
import { rejection } from './helpers.ts';

const DROP = new Date('2030-03-01T18:00:00Z');
const seed = 7;
const catchRate = 0.5;

const names = (n: number) => Array.from({ length: n }, (_, i) => `name-${i}.com`);
const caughtName = names(100).find((n) => isCaught(seed, catchRate, n))!;
const lostName = names(100).find((n) => !isCaught(seed, catchRate, n))!;

function sandbox(clock = fixedClock(new Date(DROP.getTime() - 90 * MINUTE))) {
  return { clock, registrar: createSandboxRegistrar({ seed, catchRate, clock, log: silentLogger }) };
}

describe('sandbox registrar', () => {
  it('is the default and needs no account', async () => {
    const registrar = createRegistrar({ config: loadConfig({}), clock: fixedClock(DROP), log: silentLogger });
    expect(registrar.kind).toBe('sandbox');
    await registrar.checkAuthentication();
  });

  it('derives the application id from the backorder, so a resend yields the same id', async () => {
    const { registrar } = sandbox();
    const input = { fqdn: 'Example.com', dropAt: DROP, reference: '42' };
    const a = await registrar.addApplication(input);
    expect(a.application).toMatch(/^SBX-42:example\.com:/);
    expect(await registrar.addApplication(input)).toEqual(a);
  });

  it('keeps an application PROCESSING until a few minutes after the drop, then settles it', async () => {
    const { clock, registrar } = sandbox();
    const caught = await registrar.addApplication({ fqdn: caughtName, dropAt: DROP, reference: '1' });
    const lost = await registrar.addApplication({ fqdn: lostName, dropAt: DROP, reference: '2' });
    expect(await registrar.applicationStatus(caught.application)).toEqual({ status: 'PROCESSING' });

    clock.set(new Date(DROP.getTime() + SANDBOX_SETTLE_MS - 1));
    expect((await registrar.applicationStatus(caught.application)).status).toBe('PROCESSING');
    expect((await registrar.applicationStatus(lost.application)).status).toBe('PROCESSING');

    clock.set(new Date(DROP.getTime() + SANDBOX_SETTLE_MS));
    expect((await registrar.applicationStatus(caught.application)).status).toBe('SUCCESSFUL');
    expect((await registrar.applicationStatus(lost.application)).status).toBe('FAILED');
  });

  it('answers the same from another process that never saw the application', async () => {
    const clock = fixedClock(new Date(DROP.getTime() + 10 * MINUTE));
    const { registrar: service } = sandbox(clock);
    const { registrar: cliBatch } = sandbox(clock);
    const { application } = await service.addApplication({ fqdn: caughtName, dropAt: DROP, reference: '9' });
    expect(await cliBatch.applicationStatus(application)).toEqual(
      await service.applicationStatus(application),
    );
    expect((await cliBatch.applicationStatus(application)).status).toBe('SUCCESSFUL');
  });

  it('gives every application for one name the same outcome', async () => {
    const { clock, registrar } = sandbox();
    const ids = await Promise.all(
      ['1', '2', '3'].map((reference) =>
        registrar.addApplication({ fqdn: caughtName, dropAt: DROP, reference }),
      ),
    );
    clock.set(new Date(DROP.getTime() + HOUR));
    const statuses = await Promise.all(ids.map((a) => registrar.applicationStatus(a.application)));
    expect(statuses.map((s) => s.status)).toEqual(['SUCCESSFUL', 'SUCCESSFUL', 'SUCCESSFUL']);
  });

  it('roughly honours the catch rate over many names, and depends on the seed', () => {
    const many = names(4000);
    for (const rate of [0.1, 0.3, 0.5, 0.9]) {
      const caught = many.filter((n) => isCaught(seed, rate, n)).length / many.length;
      expect(Math.abs(caught - rate)).toBeLessThan(0.03);
    }
    expect(many.every((n) => !isCaught(seed, 0, n))).toBe(true);
    expect(many.every((n) => isCaught(seed, 1, n))).toBe(true);
    const differ = many.filter((n) => isCaught(1, 0.5, n) !== isCaught(2, 0.5, n)).length;
    expect(differ).toBeGreaterThan(many.length / 4);
  });

  it('is a pure function of seed, name, drop and now', () => {
    const at = {
      seed,
      catchRate,
      fqdn: caughtName,
      dropAt: DROP,
      now: new Date(DROP.getTime() + SANDBOX_SETTLE_MS),
    };
    expect(sandboxStatus(at)).toBe('SUCCESSFUL');
    expect(sandboxStatus({ ...at, dropAt: null })).toBe('PROCESSING');
    expect(sandboxStatus({ ...at, fqdn: lostName })).toBe('FAILED');
  });

  it('finds applications it sent, skipping the excluded ones', async () => {
    const { registrar } = sandbox();
    const a = await registrar.addApplication({ fqdn: 'example.com', dropAt: DROP, reference: '1' });
    const b = await registrar.addApplication({ fqdn: 'example.com', dropAt: DROP, reference: '2' });
    expect(await registrar.findApplication('EXAMPLE.COM')).toEqual({
      application: a.application,
      status: 'PROCESSING',
    });
    expect(await registrar.findApplication('example.com', { excluding: [a.application] })).toEqual({
      application: b.application,
      status: 'PROCESSING',
    });
    expect(await registrar.findApplication('other.com')).toBeNull();
  });

  it('reports a caught name as created at the drop and expiring a year later', async () => {
    const { clock, registrar } = sandbox();
    await registrar.addApplication({ fqdn: caughtName, dropAt: DROP, reference: '1' });
    expect(await rejection(registrar.domainStatus(caughtName))).toMatchObject({
      registrarCode: 545,
      temporary: false,
    });
    clock.set(new Date(DROP.getTime() + SANDBOX_SETTLE_MS));
    expect(await registrar.domainStatus(caughtName)).toEqual({
      createdAt: DROP,
      expiresAt: new Date('2031-03-01T18:00:00Z'),
    });
    expect(await sandbox().registrar.domainStatus(caughtName)).toEqual({});
  });

  it('deletes an application before the drop and refuses with 552 afterwards', async () => {
    const { clock, registrar } = sandbox();
    const a = await registrar.addApplication({ fqdn: 'example.com', dropAt: DROP, reference: '1' });
    await registrar.deleteApplication(a.application);
    expect(await rejection(registrar.applicationStatus(a.application))).toMatchObject({ registrarCode: 545 });
    expect(await registrar.findApplication('example.com')).toBeNull();

    const b = await registrar.addApplication({ fqdn: 'example.com', dropAt: DROP, reference: '2' });
    clock.set(DROP);
    const error = await rejection(registrar.deleteApplication(b.application));
    expect(error).toMatchObject({ registrarCode: 552, temporary: false });
    expect(error.message).toMatch(/no longer be deleted/);
  });

  it('keeps a reference containing separators intact and rejects foreign ids', async () => {
    const { registrar } = sandbox();
    const { application } = await registrar.addApplication({
      fqdn: 'example.com',
      dropAt: DROP,
      reference: 'a:b/c',
    });
    expect((await registrar.applicationStatus(application)).status).toBe('PROCESSING');
    for (const id of ['10700', 'SBX-1:example.com', 'SBX-1:a:b:123']) {
      expect(await rejection(registrar.applicationStatus(id))).toMatchObject({
        registrarCode: 545,
        temporary: false,
      });
    }
  });
});
