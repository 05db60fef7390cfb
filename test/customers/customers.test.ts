import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactOf } from '../../src/customers/contact.ts';
import {
  createCustomer,
  findCustomer,
  findOrCreateByIdentity,
  getCustomer,
  type IdentityInput,
  identitiesOf,
  listCustomers,
  updateCustomer,
} from '../../src/customers/customers.ts';
import type { Db } from '../../src/db/client.ts';
import { type RaceProcess, startRaceProcess } from '../billing/race-process.ts';
import { freshDb } from '../helpers/db.ts';

const defaults = { currency: 'EUR', language: 'de' };
const at = new Date('2026-03-01T10:00:00Z');
const contact = {
  firstName: 'Ann',
  lastName: 'Example',
  street: 'Main St 1',
  city: 'Berlin',
  zip: '10115',
  country: 'de',
  phone: '+49.301234567',
  email: 'ann@example.com',
};

let db: Db;
const firstContact = (input: Omit<IdentityInput, 'at'> & { at?: Date }) =>
  db.tx((tx) => findOrCreateByIdentity(tx, { at, ...input }, defaults));
beforeAll(async () => {
  db = await freshDb();
});

describe('createCustomer', () => {
  it('applies the defaults and the given time', async () => {
    const c = await createCustomer(db.prisma, { name: '  Ann  ', at }, defaults);
    expect(c).toMatchObject({ name: 'Ann', currency: 'EUR', language: 'de', contact: null, createdAt: at });
  });

  it('normalises the currency and stores a validated contact', async () => {
    const c = await createCustomer(
      db.prisma,
      { name: 'Bob', currency: 'usd', language: 'en', contact },
      defaults,
    );
    expect(c).toMatchObject({ currency: 'USD', language: 'en' });
    expect(contactOf(c)).toEqual({ ...contact, country: 'DE' });
  });

  it('refuses bad input with the field named', async () => {
    const bad: Array<[Parameters<typeof createCustomer>[1], RegExp]> = [
      [{ name: ' ' }, /name/],
      [{ name: 'x', currency: 'XXQ' }, /currency/],
      [{ name: 'x', language: 'fr' }, /language/],
      [{ name: 'x', contact: { ...contact, email: 'nope' } }, /contact\.email/],
      [{ name: 'x', contact: { ...contact, phone: '030 1234' } }, /contact\.phone/],
    ];
    for (const [input, message] of bad) {
      await expect(createCustomer(db.prisma, input, defaults)).rejects.toMatchObject({
        code: 'INVALID_INPUT',
        message,
      });
    }
  });

  it('contactOf ignores a stored contact that no longer validates', () => {
    expect(contactOf({ contact: null })).toBeNull();
    expect(contactOf({ contact: '{not json' })).toBeNull();
    expect(contactOf({ contact: JSON.stringify({ firstName: 'only' }) })).toBeNull();
  });
});

describe('findOrCreateByIdentity', () => {
  it('creates the customer on first contact and finds it afterwards', async () => {
    const input = {
      platform: 'telegram' as const,
      externalId: '1001',
      address: '1001',
      name: 'Tg User',
      language: 'en-GB',
    };
    const first = await firstContact({ ...input, at });
    expect(first.created).toBe(true);
    expect(first.customer).toMatchObject({ name: 'Tg User', language: 'en', currency: 'EUR', createdAt: at });
    const again = await firstContact({ ...input, name: 'Renamed', language: 'de' });
    expect(again).toEqual({ customer: first.customer, created: false });
    expect(await identitiesOf(db.prisma, first.customer.id)).toMatchObject([
      { platform: 'telegram', externalId: '1001', address: '1001', createdAt: at },
    ]);
  });

  it('keeps the identity address current and falls back to the default language', async () => {
    const input = { platform: 'slack' as const, externalId: 'U42', name: 'Staff', language: 'fr' };
    const { customer } = await firstContact(input);
    expect(customer.language).toBe('de');
    await firstContact({ ...input, address: 'D0123' });
    expect((await identitiesOf(db.prisma, customer.id))[0]!.address).toBe('D0123');
  });

  it('treats the same external id on another platform as another person', async () => {
    const t = await firstContact({ platform: 'discord', externalId: '1001', name: 'D' });
    const g = await firstContact({ platform: 'telegram', externalId: '1001', name: 'T' });
    expect(t.customer.id).not.toBe(g.customer.id);
  });

  it('refuses an unknown platform', async () => {
    await expect(
      firstContact({ platform: 'icq' as 'slack', externalId: '1', name: 'x' }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  describe('from two processes at once', () => {
    let p1: RaceProcess;
    let p2: RaceProcess;
    beforeAll(async () => {
      [p1, p2] = await Promise.all([startRaceProcess(db.url), startRaceProcess(db.url)]);
    });
    afterAll(() => {
      p1?.close();
      p2?.close();
    });

    it('creates exactly one customer', async () => {
      for (let i = 0; i < 5; i++) {
        const args = { platform: 'telegram', externalId: `race-${i}`, name: `Racer ${i}`, at };
        const results = await Promise.all([
          p1.run('findOrCreateByIdentity', args),
          p2.run('findOrCreateByIdentity', args),
        ]);
        expect(results).toEqual(
          expect.arrayContaining([
            { ok: true, created: true },
            { ok: true, created: false },
          ]),
        );
        expect(await db.prisma.customer.count({ where: { name: `Racer ${i}` } })).toBe(1);
      }
    });
  });
});

describe('finding and listing', () => {
  it('finds by id, by platform:id and by exact name', async () => {
    const c = await createCustomer(db.prisma, { name: 'Unique Carla' }, defaults);
    await firstContact({ platform: 'discord', externalId: '777', name: 'ignored' });
    const viaDiscord = await findCustomer(db.prisma, 'Discord:777');
    expect(viaDiscord.name).toBe('ignored');
    expect((await findCustomer(db.prisma, String(c.id))).id).toBe(c.id);
    expect((await findCustomer(db.prisma, ' Unique Carla ')).id).toBe(c.id);
    expect((await getCustomer(db.prisma, c.id)).name).toBe('Unique Carla');
  });

  it('refuses an ambiguous name and reports unknown references', async () => {
    await createCustomer(db.prisma, { name: 'Twin' }, defaults);
    await createCustomer(db.prisma, { name: 'Twin' }, defaults);
    await expect(findCustomer(db.prisma, 'Twin')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    for (const ref of ['999999', 'telegram:nobody', 'Nobody At All']) {
      await expect(findCustomer(db.prisma, ref)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
    await expect(getCustomer(db.prisma, 999_999)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('lists with identities, filtered by name part, id or external id, paged', async () => {
    const { customer } = await firstContact({
      platform: 'telegram',
      externalId: '55501',
      name: 'Listable Zed',
    });
    const byName = await listCustomers(db.prisma, { text: 'Listable' });
    expect(byName.map((c) => c.id)).toEqual([customer.id]);
    expect(byName[0]!.identities).toMatchObject([{ platform: 'telegram', externalId: '55501' }]);
    expect((await listCustomers(db.prisma, { text: '55501' })).map((c) => c.id)).toEqual([customer.id]);
    expect((await listCustomers(db.prisma, { text: String(customer.id) })).map((c) => c.id)).toContain(
      customer.id,
    );
    const all = await listCustomers(db.prisma);
    expect(all.map((c) => c.id)).toEqual([...all.map((c) => c.id)].sort((a, b) => a - b));
    const page2 = await listCustomers(db.prisma, { limit: 2, offset: 2 });
    expect(page2.map((c) => c.id)).toEqual(all.slice(2, 4).map((c) => c.id));
  });
});

describe('updateCustomer', () => {
  it('changes only the given fields', async () => {
    const c = await createCustomer(db.prisma, { name: 'Upd', contact }, defaults);
    const u = await updateCustomer(db.prisma, c.id, {
      language: 'en',
      muted: ['watch.matches', 'balance.low', 'watch.matches'],
    });
    expect(u).toMatchObject({
      name: 'Upd',
      language: 'en',
      muted: 'balance.low,watch.matches',
      currency: 'EUR',
    });
    expect(contactOf(u)).not.toBeNull();
    const cleared = await updateCustomer(db.prisma, c.id, { contact: null, name: 'Upd 2', at });
    expect(cleared).toMatchObject({ name: 'Upd 2', contact: null, updatedAt: at });
  });

  it('refuses bad values and unknown customers', async () => {
    const c = await createCustomer(db.prisma, { name: 'Upd bad' }, defaults);
    await expect(updateCustomer(db.prisma, c.id, { language: 'xx' as 'en' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(updateCustomer(db.prisma, 999_999, { name: 'x' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect((await getCustomer(db.prisma, c.id)).language).toBe('de');
  });
});
