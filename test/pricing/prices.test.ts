import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.ts';
import type { Db } from '../../src/db/client.ts';
import { deletePrice, getPrice, listPrices, normaliseCurrency, setPrice } from '../../src/pricing/prices.ts';
import { pricingService } from '../../src/pricing/service.ts';
import { freshDb } from '../helpers/db.ts';

let db: Db;
beforeAll(async () => {
  db = await freshDb();
});

describe('prices', () => {
  it('stores per zone and currency, normalising what staff type', async () => {
    await setPrice(db.prisma, '.COM', 'usd', 1250n);
    await setPrice(db.prisma, 'com', 'EUR', 1100n);
    await setPrice(db.prisma, 'US.com', 'USD', 3000n);
    await setPrice(db.prisma, 'рф', 'USD', 5000n);
    expect(await getPrice(db.prisma, 'com', 'USD')).toBe(1250n);
    expect(await getPrice(db.prisma, '.Com.', 'eur')).toBe(1100n);
    expect(await getPrice(db.prisma, 'us.com', 'USD')).toBe(3000n);
    expect(await getPrice(db.prisma, 'xn--p1ai', 'USD')).toBe(5000n);
    await setPrice(db.prisma, 'com', 'USD', 1300n);
    expect(await getPrice(db.prisma, 'com', 'USD')).toBe(1300n);
  });

  it('treats a missing price and a price of 0 as not offered', async () => {
    expect(await getPrice(db.prisma, 'net', 'USD')).toBeNull();
    expect(await getPrice(db.prisma, 'com', 'JPY')).toBeNull();
    await setPrice(db.prisma, 'net', 'USD', 0n);
    expect(await getPrice(db.prisma, 'net', 'USD')).toBeNull();
  });

  it('keeps a Lite price beside the regular one: 0 or none = Lite not offered, kept when only the price changes', async () => {
    const row = await setPrice(db.prisma, 'io', 'USD', 4000n, 2500n);
    expect(row).toEqual({ zone: 'io', currency: 'USD', amount: 4000n, lite: 2500n });
    expect(await getPrice(db.prisma, 'io', 'USD', 'lite')).toBe(2500n);
    expect(await getPrice(db.prisma, 'io', 'USD', 'regular')).toBe(4000n);
    // a new regular price alone leaves Lite as it was
    expect(await setPrice(db.prisma, 'io', 'USD', 4500n)).toMatchObject({ amount: 4500n, lite: 2500n });
    expect(await getPrice(db.prisma, 'io', 'USD', 'lite')).toBe(2500n);
    await setPrice(db.prisma, 'io', 'USD', 4500n, 0n);
    expect(await getPrice(db.prisma, 'io', 'USD', 'lite')).toBeNull();
    expect(await getPrice(db.prisma, 'io', 'USD')).toBe(4500n);
    // a zone priced without Lite does not offer it
    expect(await getPrice(db.prisma, 'com', 'USD', 'lite')).toBeNull();
    await expect(setPrice(db.prisma, 'io', 'USD', 1n, -1n)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await deletePrice(db.prisma, 'io');
  });

  it('lists every row sorted by zone then currency', async () => {
    const rows = await listPrices(db.prisma);
    const keys = rows.map((r) => `${r.zone}/${r.currency}`);
    expect(keys).toEqual(['com/EUR', 'com/USD', 'net/USD', 'us.com/USD', 'xn--p1ai/USD']);
    expect(rows.find((r) => r.zone === 'net')!.amount).toBe(0n);
  });

  it('deletes one currency or the whole zone and counts the rows', async () => {
    await setPrice(db.prisma, 'org', 'USD', 1n);
    await setPrice(db.prisma, 'org', 'EUR', 1n);
    await setPrice(db.prisma, 'org', 'GBP', 1n);
    expect(await deletePrice(db.prisma, 'ORG', 'gbp')).toBe(1);
    expect(await deletePrice(db.prisma, 'org', 'GBP')).toBe(0);
    expect(await deletePrice(db.prisma, 'org')).toBe(2);
    expect(await getPrice(db.prisma, 'org', 'USD')).toBeNull();
  });

  it('refuses negative amounts, bad zones and bad currencies', async () => {
    await expect(setPrice(db.prisma, 'com', 'USD', -1n)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(setPrice(db.prisma, 'c m', 'USD', 1n)).rejects.toMatchObject({ code: 'INVALID_DOMAIN' });
    await expect(setPrice(db.prisma, '123', 'USD', 1n)).rejects.toMatchObject({ code: 'INVALID_DOMAIN' });
    for (const bad of ['US', 'DOLLAR', 'XXQ', '']) {
      expect(() => normaliseCurrency(bad)).toThrow(/currency/);
    }
    expect(normaliseCurrency(' jpy ')).toBe('JPY');
  });
});

describe('pricingService', () => {
  it('writes an audit row for each change, at the clock time', async () => {
    const clock = fixedClock('2026-05-01T12:00:00Z');
    const svc = pricingService(db, clock);
    await svc.set('info', 'USD', 999n, 'tester');
    await svc.set('info', 'USD', 0n, 'tester');
    await svc.set('info', 'USD', 999n, 'tester', 500n);
    await svc.set('info', 'USD', 999n, 'tester', 0n);
    expect(await svc.delete('info', undefined, 'tester')).toBe(1);
    expect(await svc.delete('info', 'USD', 'tester')).toBe(0);
    const logs = await db.prisma.log.findMany({ where: { job: 'pricing' }, orderBy: { id: 'asc' } });
    expect(logs.map((l) => l.message)).toEqual([
      'price of .info in USD set to 9.99 USD',
      'price of .info in USD set to 0 (not offered)',
      'price of .info in USD set to 9.99 USD, Lite 5.00 USD',
      'price of .info in USD set to 9.99 USD, Lite 0 (not offered)',
      'price of .info deleted (1 row(s))',
    ]);
    expect(logs.every((l) => l.actor === 'tester' && l.at.toISOString() === '2026-05-01T12:00:00.000Z')).toBe(
      true,
    );
    expect(await svc.get('info', 'USD')).toBeNull();
  });
});
