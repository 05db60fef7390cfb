import { beforeAll, describe, expect, it } from 'vitest';
import {
  balances,
  balancesMany,
  captureHold,
  deposit,
  invoiceNumber,
  ledgerOf,
  raiseHold,
  releaseHold,
  takeHold,
} from '../../src/billing/ledger.ts';
import { createCustomer } from '../../src/customers/customers.ts';
import type { Db } from '../../src/db/client.ts';
import { freshDb } from '../helpers/db.ts';
import { assertLedgerInvariant } from '../helpers/ledger.ts';
import { backorderFor } from './fixtures.ts';

const at = new Date('2026-03-01T10:00:00Z');
const defaults = { currency: 'USD', language: 'en' };

let db: Db;
beforeAll(async () => {
  db = await freshDb();
});

async function customerWith(amount: bigint, currency = 'USD') {
  const c = await createCustomer(db.prisma, { name: 'Ledger Test', currency }, defaults);
  if (amount > 0n) {
    await db.tx((tx) =>
      deposit(tx, { customerId: c.id, amount, currency, idempotencyKey: `seed:${c.id}`, at }),
    );
  }
  return c.id;
}

const money = (customerId: number) => balances(db.prisma, customerId);

describe('deposit', () => {
  it('adds to the balance once per idempotency key', async () => {
    const id = await customerWith(0n);
    const input = {
      customerId: id,
      amount: 1250n,
      currency: 'usd',
      idempotencyKey: `k:${id}`,
      actor: 'cli',
      note: 'bank',
      at,
    };
    const first = await db.tx((tx) => deposit(tx, input));
    const again = await db.tx((tx) => deposit(tx, input));
    expect(first.created).toBe(true);
    expect(again).toEqual({ entry: first.entry, created: false });
    expect(first.entry).toMatchObject({
      kind: 'DEPOSIT',
      amount: 1250n,
      currency: 'USD',
      actor: 'cli',
      note: 'bank',
    });
    expect(first.entry.createdAt).toEqual(at);
    expect(await money(id)).toEqual({
      currency: 'USD',
      balance: 1250n,
      held: 0n,
      unpaid: 0n,
      available: 1250n,
    });
    await assertLedgerInvariant(db, id);
  });

  it('refuses another currency, a non-positive amount and a reused key with other content', async () => {
    const id = await customerWith(0n);
    await expect(
      db.tx((tx) =>
        deposit(tx, { customerId: id, amount: 100n, currency: 'EUR', idempotencyKey: `e:${id}`, at }),
      ),
    ).rejects.toMatchObject({ code: 'CURRENCY_MISMATCH' });
    for (const amount of [0n, -5n]) {
      await expect(
        db.tx((tx) =>
          deposit(tx, { customerId: id, amount, currency: 'USD', idempotencyKey: `z:${id}`, at }),
        ),
      ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    }
    await db.tx((tx) =>
      deposit(tx, { customerId: id, amount: 100n, currency: 'USD', idempotencyKey: `r:${id}`, at }),
    );
    await expect(
      db.tx((tx) =>
        deposit(tx, { customerId: id, amount: 200n, currency: 'USD', idempotencyKey: `r:${id}`, at }),
      ),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(
      db.tx((tx) =>
        deposit(tx, { customerId: 999_999, amount: 1n, currency: 'USD', idempotencyKey: 'nobody', at }),
      ),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await money(id)).balance).toBe(100n);
  });

  it('records refunds and adjustments as their kind', async () => {
    const id = await customerWith(0n);
    await db.tx((tx) =>
      deposit(tx, {
        customerId: id,
        amount: 5n,
        currency: 'USD',
        idempotencyKey: `ref:${id}`,
        kind: 'REFUND',
        at,
      }),
    );
    const [entry] = await ledgerOf(db.prisma, id, { limit: 1 });
    expect(entry).toMatchObject({ kind: 'REFUND', amount: 5n });
  });
});

describe('holds', () => {
  it('takes a hold once per backorder and refuses more than is available', async () => {
    const id = await customerWith(1000n);
    const b1 = await backorderFor(db.prisma, id);
    const b2 = await backorderFor(db.prisma, id);
    const h = { backorderId: b1, customerId: id, amount: 700n, currency: 'USD', at };
    const first = await db.tx((tx) => takeHold(tx, h));
    const again = await db.tx((tx) => takeHold(tx, { ...h, at: new Date('2026-03-02T00:00:00Z') }));
    expect(first.created).toBe(true);
    expect(again).toEqual({ hold: first.hold, created: false });
    expect(await money(id)).toMatchObject({ balance: 1000n, held: 700n, available: 300n });

    const short = db.tx((tx) => takeHold(tx, { ...h, backorderId: b2, amount: 301n }));
    await expect(short).rejects.toMatchObject({
      code: 'INSUFFICIENT_FUNDS',
      details: { needed: '3.01', available: '3.00', currency: 'USD' },
    });
    const exact = await db.tx((tx) => takeHold(tx, { ...h, backorderId: b2, amount: 300n }));
    expect(exact.created).toBe(true);
    expect((await money(id)).available).toBe(0n);
    await assertLedgerInvariant(db, id);
  });

  it('refuses a hold in another currency than the customer pays in', async () => {
    const id = await customerWith(1000n);
    const b = await backorderFor(db.prisma, id);
    await expect(
      db.tx((tx) => takeHold(tx, { backorderId: b, customerId: id, amount: 1n, currency: 'EUR', at })),
    ).rejects.toMatchObject({ code: 'CURRENCY_MISMATCH' });
  });

  it('releases once, and holds a released backorder again', async () => {
    const id = await customerWith(1000n);
    const b = await backorderFor(db.prisma, id);
    await db.tx((tx) => takeHold(tx, { backorderId: b, customerId: id, amount: 400n, currency: 'USD', at }));
    expect(await db.tx((tx) => releaseHold(tx, { backorderId: b, at }))).toBe(400n);
    expect(await db.tx((tx) => releaseHold(tx, { backorderId: b, at }))).toBeNull();
    expect(await db.tx((tx) => releaseHold(tx, { backorderId: 987_654, at }))).toBeNull();
    expect(await money(id)).toMatchObject({ held: 0n, available: 1000n });

    const again = await db.tx((tx) =>
      takeHold(tx, { backorderId: b, customerId: id, amount: 600n, currency: 'USD', at }),
    );
    expect(again).toMatchObject({ created: true, hold: { status: 'HELD', amount: 600n } });
    expect((await money(id)).held).toBe(600n);
    await assertLedgerInvariant(db, id);
  });

  it('raises a hold by the difference only, and never lowers it', async () => {
    const id = await customerWith(1000n);
    const b = await backorderFor(db.prisma, id);
    await db.tx((tx) => takeHold(tx, { backorderId: b, customerId: id, amount: 600n, currency: 'USD', at }));
    const raised = await db.tx((tx) => raiseHold(tx, { backorderId: b, amount: 1000n, at }));
    expect(raised.amount).toBe(1000n);
    const lower = await db.tx((tx) => raiseHold(tx, { backorderId: b, amount: 700n, at }));
    expect(lower.amount).toBe(1000n);
    await expect(db.tx((tx) => raiseHold(tx, { backorderId: b, amount: 1001n, at }))).rejects.toMatchObject({
      code: 'INSUFFICIENT_FUNDS',
      details: { needed: '0.01', available: '0.00' },
    });
    await db.tx((tx) => releaseHold(tx, { backorderId: b, at }));
    await expect(db.tx((tx) => raiseHold(tx, { backorderId: b, amount: 1n, at }))).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await assertLedgerInvariant(db, id);
  });
});

describe('captureHold', () => {
  it('invoices the held amount, records the capture and is idempotent', async () => {
    const id = await customerWith(2000n);
    const b = await backorderFor(db.prisma, id);
    await db.tx((tx) => takeHold(tx, { backorderId: b, customerId: id, amount: 1500n, currency: 'USD', at }));
    const paidAt = new Date('2026-03-04T08:00:00Z');
    const first = await db.tx((tx) =>
      captureHold(tx, { backorderId: b, description: 'FULL BACKORDER: example.com', at: paidAt }),
    );
    expect(first.created).toBe(true);
    expect(first.invoice).toMatchObject({
      number: invoiceNumber(paidAt, first.invoice.id),
      customerId: id,
      currency: 'USD',
      total: 1500n,
      status: 'PAID',
      backorderId: b,
      paidAt,
    });
    expect(first.invoice.number).toMatch(/^BO-2026-\d{6}$/);
    expect(JSON.parse(first.invoice.lines)).toEqual([
      { description: 'FULL BACKORDER: example.com', amount: '1500' },
    ]);
    expect(await money(id)).toEqual({
      currency: 'USD',
      balance: 500n,
      held: 0n,
      unpaid: 0n,
      available: 500n,
    });
    const [entry] = await ledgerOf(db.prisma, id, { limit: 1 });
    expect(entry).toMatchObject({
      kind: 'CAPTURE',
      amount: -1500n,
      idempotencyKey: `capture:${b}`,
      invoiceId: first.invoice.id,
      reference: first.invoice.number,
    });
    expect(await db.prisma.hold.findUnique({ where: { backorderId: b } })).toMatchObject({
      status: 'CAPTURED',
    });

    const rows = async () => [await db.prisma.invoice.count(), await db.prisma.ledgerEntry.count()];
    const before = await rows();
    const again = await db.tx((tx) => captureHold(tx, { backorderId: b, description: 'x', at }));
    expect(again).toEqual({ invoice: first.invoice, created: false });
    expect(await rows()).toEqual(before);
    // A captured backorder cannot be held or released any more.
    expect(await db.tx((tx) => releaseHold(tx, { backorderId: b, at }))).toBeNull();
    await expect(
      db.tx((tx) => takeHold(tx, { backorderId: b, customerId: id, amount: 1n, currency: 'USD', at })),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await assertLedgerInvariant(db, id);
  });

  it('charges an auction premium beyond the hold only from available funds', async () => {
    const id = await customerWith(1000n);
    const b = await backorderFor(db.prisma, id);
    await db.tx((tx) => takeHold(tx, { backorderId: b, customerId: id, amount: 600n, currency: 'USD', at }));
    await expect(
      db.tx((tx) => captureHold(tx, { backorderId: b, amount: 1001n, description: 'AUCTION', at })),
    ).rejects.toMatchObject({ code: 'INSUFFICIENT_FUNDS', details: { needed: '4.01', available: '4.00' } });
    expect(await db.prisma.invoice.count({ where: { backorderId: b } })).toBe(0);
    const r = await db.tx((tx) =>
      captureHold(tx, { backorderId: b, amount: 1000n, description: 'AUCTION', at }),
    );
    expect(r.invoice.total).toBe(1000n);
    expect(await money(id)).toMatchObject({ balance: 0n, held: 0n, available: 0n });
    await assertLedgerInvariant(db, id);
  });

  it('refuses to capture without a held hold', async () => {
    const id = await customerWith(1000n);
    const b = await backorderFor(db.prisma, id);
    await expect(
      db.tx((tx) => captureHold(tx, { backorderId: b, description: 'x', at })),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await db.tx((tx) => takeHold(tx, { backorderId: b, customerId: id, amount: 100n, currency: 'USD', at }));
    await db.tx((tx) => releaseHold(tx, { backorderId: b, at }));
    await expect(
      db.tx((tx) => captureHold(tx, { backorderId: b, description: 'x', at })),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });
});

describe('balances', () => {
  it('counts unpaid invoices against available, and only in the customer currency', async () => {
    const id = await customerWith(1000n);
    await db.prisma.invoice.create({
      data: {
        number: `T-${id}`,
        customerId: id,
        currency: 'USD',
        lines: '[]',
        total: 250n,
        status: 'UNPAID',
      },
    });
    await db.prisma.invoice.create({
      data: {
        number: `T-${id}-c`,
        customerId: id,
        currency: 'USD',
        lines: '[]',
        total: 99n,
        status: 'CANCELLED',
      },
    });
    expect(await money(id)).toEqual({
      currency: 'USD',
      balance: 1000n,
      held: 0n,
      unpaid: 250n,
      available: 750n,
    });
    await assertLedgerInvariant(db, id);
  });

  it('balancesMany agrees with balances for each customer', async () => {
    const a = await customerWith(500n);
    const b = await customerWith(700n, 'JPY');
    const c = await customerWith(0n);
    const bo = await backorderFor(db.prisma, b, 'JPY');
    await db.tx((tx) => takeHold(tx, { backorderId: bo, customerId: b, amount: 200n, currency: 'JPY', at }));
    const many = await balancesMany(db.prisma, [a, b, c, a, 424_242]);
    expect([...many.keys()].sort((x, y) => x - y)).toEqual([a, b, c]);
    for (const id of [a, b, c]) expect(many.get(id)).toEqual(await money(id));
    expect(many.get(b)).toMatchObject({ currency: 'JPY', available: 500n });
    expect((await balancesMany(db.prisma, [])).size).toBe(0);
  });

  it('throws NotFound for an unknown customer', async () => {
    await expect(money(123_456)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('ledgerOf', () => {
  it('lists newest first within the limit', async () => {
    const id = await customerWith(0n);
    for (const n of [1n, 2n, 3n]) {
      await db.tx((tx) =>
        deposit(tx, { customerId: id, amount: n, currency: 'USD', idempotencyKey: `l:${id}:${n}`, at }),
      );
    }
    expect((await ledgerOf(db.prisma, id, { limit: 2 })).map((e) => e.amount)).toEqual([3n, 2n]);
  });
});
