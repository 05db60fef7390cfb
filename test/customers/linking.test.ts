import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock, MINUTE } from '../../src/clock.ts';
import {
  hashLinkCode,
  LINK_CODE_ALPHABET,
  LINK_FAILURES_MAX,
  newLinkCode,
  normaliseLinkCode,
} from '../../src/customers/linking.ts';
import { customersService } from '../../src/customers/service.ts';
import type { Db } from '../../src/db/client.ts';
import { isDomainError } from '../../src/errors.ts';
import { freshDb } from '../helpers/db.ts';

// Link codes in the core, on the real database (SQLite, or PostgreSQL with TEST_DATABASE_URL):
// random and well-formed, single use under concurrent redemption, and a guess limit that holds
// when the guesses arrive all at once (as from several instances).

const clock = fixedClock('2026-04-01T09:00:00Z');
let db: Db;
let svc: ReturnType<typeof customersService>;
beforeAll(async () => {
  db = await freshDb();
  svc = customersService(db, clock, { currency: 'USD', language: 'en' });
});

const codeOf = (e: unknown) => (isDomainError(e) ? e.code : String(e));

describe('codes', () => {
  it('are 8 characters of the unambiguous alphabet, and differ', () => {
    const codes = new Set(Array.from({ length: 2000 }, newLinkCode));
    expect(codes.size).toBe(2000);
    for (const c of codes) expect(c).toMatch(new RegExp(`^[${LINK_CODE_ALPHABET}]{8}$`));
    // every character shows up: uniform over the alphabet, not a subset
    expect(new Set([...codes].join('')).size).toBe(LINK_CODE_ALPHABET.length);
  });

  it('are read in any case, with spaces or dashes; anything else is no code', () => {
    expect(normaliseLinkCode(' k7qx-9mpd ')).toBe('K7QX9MPD');
    expect(normaliseLinkCode('K7QX 9MPD')).toBe('K7QX9MPD');
    for (const bad of ['', 'K7QX9MP', 'K7QX9MPDA', 'K7QX9MP0', 'K7QX9MPI', 'K7QX9MP!'])
      expect(normaliseLinkCode(bad)).toBeNull();
  });

  it('are stored as their SHA-256 only', async () => {
    const c = await svc.create({ name: 'Hash' });
    const { code } = await svc.issueLinkCode(c.id);
    const row = await db.prisma.linkCode.findUniqueOrThrow({ where: { customerId: c.id } });
    expect(row.codeHash).toBe(hashLinkCode(code));
    expect(row.codeHash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('redeeming', () => {
  it('one code links one account, however many try it at the same moment', async () => {
    const c = await svc.create({ name: 'Race' });
    const { code } = await svc.issueLinkCode(c.id);
    const users = Array.from({ length: 6 }, (_, i) => `60000000000000000${i}`);
    const results = await Promise.allSettled(
      users.map((externalId) => svc.redeemLinkCode({ platform: 'discord', externalId, code })),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    expect(ok).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(codeOf(r.reason)).toBe('LINK_CODE_INVALID');
    const identities = await db.prisma.identity.findMany({ where: { customerId: c.id } });
    expect(identities).toHaveLength(1);
  });

  it('lets no more than the allowed wrong guesses through when they arrive at once', async () => {
    const user = '700000000000000000';
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, () =>
        svc.redeemLinkCode({ platform: 'discord', externalId: user, code: 'WRNGCDAA' }),
      ),
    );
    const reasons = results.map((r) => (r.status === 'rejected' ? codeOf(r.reason) : 'linked'));
    const burst = reasons.filter((r) => r === 'LINK_CODE_INVALID').length;
    expect(burst).toBeLessThanOrEqual(LINK_FAILURES_MAX);
    expect(reasons.filter((r) => r === 'TOO_MANY_ATTEMPTS').length).toBe(12 - burst);
    // a refused attempt is not a guess: one by one, exactly the rest of the allowance is checked
    let more = 0;
    for (;;) {
      const e = await svc
        .redeemLinkCode({ platform: 'discord', externalId: user, code: 'WRNGCDAA' })
        .catch((x: unknown) => x);
      if (codeOf(e) === 'TOO_MANY_ATTEMPTS') break;
      expect(codeOf(e)).toBe('LINK_CODE_INVALID');
      more++;
    }
    expect(burst + more).toBe(LINK_FAILURES_MAX);
    // the limit is per account: another is not held up
    await expect(
      svc.redeemLinkCode({ platform: 'discord', externalId: '700000000000000001', code: 'WRNGCDAA' }),
    ).rejects.toMatchObject({ code: 'LINK_CODE_INVALID' });
  });

  it('a right code does not count as a guess', async () => {
    const user = '710000000000000000';
    for (let i = 0; i < LINK_FAILURES_MAX - 1; i++) {
      await expect(
        svc.redeemLinkCode({ platform: 'discord', externalId: user, code: 'WRNGCDAA' }),
      ).rejects.toMatchObject({ code: 'LINK_CODE_INVALID' });
    }
    const a = await svc.create({ name: 'Right' });
    await svc.redeemLinkCode({
      platform: 'discord',
      externalId: user,
      code: (await svc.issueLinkCode(a.id)).code,
    });
    // relinking to the same customer is not a guess either, so one wrong guess is still allowed
    await svc.redeemLinkCode({
      platform: 'discord',
      externalId: user,
      code: (await svc.issueLinkCode(a.id)).code,
    });
    await expect(
      svc.redeemLinkCode({ platform: 'discord', externalId: user, code: 'WRNGCDAA' }),
    ).rejects.toMatchObject({ code: 'LINK_CODE_INVALID' });
    await expect(
      svc.redeemLinkCode({ platform: 'discord', externalId: user, code: 'WRNGCDAA' }),
    ).rejects.toMatchObject({ code: 'TOO_MANY_ATTEMPTS', details: { minutes: 10 } });
    clock.advance(10 * MINUTE);
    await expect(
      svc.redeemLinkCode({ platform: 'discord', externalId: user, code: 'WRNGCDAA' }),
    ).rejects.toMatchObject({ code: 'LINK_CODE_INVALID' });
  });

  it('never removes the last identity of an account', async () => {
    const { customer } = await svc.findOrCreateByIdentity({
      platform: 'discord',
      externalId: '720000000000000000',
      name: 'Only Discord',
    });
    await expect(svc.unlink('discord', '720000000000000000')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await svc.byIdentity('discord', '720000000000000000')).toMatchObject({ id: customer.id });
    expect(await svc.unlink('discord', '720000000000000999')).toBe(false);
  });
});
