import { describe, expect, it } from 'vitest';
import { enqueueDailySummary, figuresSince } from '../../src/stats/business.ts';
import { freshDb } from '../helpers/db.ts';

const db = await freshDb();
const now = new Date('2026-12-02T08:00:00Z');

async function caughtYesterday(fqdn: string, total: bigint, currency: string, paidAt: Date) {
  const customer = await db.prisma.customer.create({ data: { name: `c-${fqdn}`, currency } });
  const bo = await db.prisma.backorder.create({
    data: {
      customerId: customer.id,
      fqdn,
      label: fqdn.split('.')[0]!,
      zone: 'com',
      status: 'SUCCESSFUL',
      currency,
      price: total,
      finishedAt: paidAt,
    },
  });
  await db.prisma.invoice.create({
    data: {
      number: `BO-T-${bo.id}`,
      customerId: customer.id,
      currency,
      lines: '[]',
      total,
      status: 'PAID',
      backorderId: bo.id,
      paidAt,
    },
  });
}

describe('daily staff summary', () => {
  it('sums yesterday’s catches and revenue per currency, once per date', async () => {
    await caughtYesterday('one.com', 1250n, 'USD', new Date('2026-12-01T03:00:00Z'));
    await caughtYesterday('two.com', 750n, 'USD', new Date('2026-12-01T23:59:59Z'));
    await caughtYesterday('three.com', 900n, 'EUR', new Date('2026-12-01T12:00:00Z'));
    await caughtYesterday('today.com', 5000n, 'USD', new Date('2026-12-02T07:00:00Z'));
    await caughtYesterday('before.com', 5000n, 'USD', new Date('2026-11-30T23:00:00Z'));

    expect(await enqueueDailySummary(db, now)).toBe('summary of 2026-12-01 queued');
    expect(await enqueueDailySummary(db, new Date('2026-12-02T09:30:00Z'))).toBe(
      'summary of 2026-12-01 already queued',
    );
    const rows = await db.prisma.outbox.findMany({ where: { kind: 'staff.daily-summary' } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.audience).toBe('STAFF');
    expect(JSON.parse(rows[0]!.payload)).toEqual({
      date: '2026-12-01',
      byStatus: { SUCCESSFUL: 5 },
      caught: 3,
      revenue: [
        { amount: '900', currency: 'EUR' },
        { amount: '2000', currency: 'USD' },
      ],
      dropListTotal: 0,
    });
  });

  it('counts a period without an end up to now', async () => {
    const f = await figuresSince(db, new Date('2026-12-01T00:00:00Z'));
    expect(f.caught).toBe(4);
    expect(f.revenue).toEqual([
      { amount: 900n, currency: 'EUR' },
      { amount: 7000n, currency: 'USD' },
    ]);
  });
});
