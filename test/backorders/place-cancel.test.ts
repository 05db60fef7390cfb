import { beforeEach, describe, expect, it } from 'vitest';
import { balances } from '../../src/billing/ledger.ts';
import { DAY, HOUR, MINUTE } from '../../src/clock.ts';
import { permanent } from '../lifecycle/registrar-double.ts';
import { DROP, PRICE, T0, uniqueName, world } from '../lifecycle/world.ts';

// Placing (free, one open per customer and name, clear refusals) and cancelling (REQUESTED and
// ACTIVE only, money released, history kept, the customer's own only).

const w = await world();
beforeEach(() => w.clock.set(T0));

describe('place', () => {
  it('a listed name: REQUESTED with the drop time and the current price, free, logged and announced', async () => {
    const customer = await w.customer(0n);
    const fqdn = uniqueName('Listed');
    await w.list(fqdn.toLowerCase());
    const b = await w.backorders.place(customer, ` ${fqdn.toUpperCase()} `, { actor: 'telegram:1' });
    expect(b).toMatchObject({
      status: 'REQUESTED',
      fqdn: fqdn.toLowerCase(),
      label: fqdn.toLowerCase().split('.')[0],
      zone: 'com',
      dropAt: DROP,
      price: PRICE,
      currency: 'USD',
    });
    expect(b.openKey).toBe(`${customer}:${b.fqdn}`);
    expect(await balances(w.db.prisma, customer)).toMatchObject({ balance: 0n, held: 0n });
    const [log] = await w.db.prisma.log.findMany({ where: { backorderId: b.id } });
    expect(log).toMatchObject({ job: 'backorder', actor: 'telegram:1', level: 'ok', fqdn: b.fqdn });
    const [placed] = await w
      .events('backorder.placed')
      .then((e) => e.filter((x) => x.payload.backorderId === b.id));
    expect(placed).toMatchObject({
      customerId: customer,
      dedupeKey: `bo:${b.id}:REQUESTED`,
      payload: {
        backorderId: b.id,
        fqdn: b.fqdn,
        amount: '1000',
        currency: 'USD',
        dropAt: DROP.toISOString(),
      },
    });
  });

  it('a name not (yet) in the list: REQUESTED with an unknown drop, in the customer currency', async () => {
    const customer = await w.customer(0n, 'EUR');
    const b = await w.backorders.place(customer, 'münchen-gärten.com');
    expect(b).toMatchObject({
      fqdn: 'xn--mnchen-grten-ncb24a.com',
      dropAt: null,
      price: 900n,
      currency: 'EUR',
    });
  });

  it('refuses invalid names, zones not offered, a second open backorder and passed drops', async () => {
    const customer = await w.customer(0n);
    await expect(w.backorders.place(customer, 'no zone')).rejects.toMatchObject({ code: 'INVALID_DOMAIN' });
    await expect(w.backorders.place(customer, 'example.org')).rejects.toMatchObject({
      code: 'ZONE_NOT_OFFERED',
    });
    const fqdn = uniqueName('twice');
    const first = await w.place(customer, fqdn);
    await expect(w.backorders.place(customer, fqdn)).rejects.toMatchObject({
      code: 'ALREADY_OPEN',
      details: { backorderId: first },
    });
    // Another customer may backorder the same name.
    await expect(w.backorders.place(await w.customer(0n), fqdn)).resolves.toMatchObject({
      status: 'REQUESTED',
    });
    const gone = uniqueName('gone');
    await w.list(gone, new Date(T0.getTime() - MINUTE));
    await expect(w.backorders.place(customer, gone)).rejects.toMatchObject({ code: 'DROP_PASSED' });
    await expect(w.backorders.place(999_999, uniqueName())).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('concurrent places of one name make one backorder', async () => {
    const customer = await w.customer(0n);
    const fqdn = uniqueName('race');
    await w.list(fqdn);
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => w.backorders.place(customer, fqdn)),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results)
      if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'ALREADY_OPEN' });
    expect(await w.db.prisma.backorder.count({ where: { customerId: customer, fqdn } })).toBe(1);
  });
});

describe('cancel', () => {
  it('REQUESTED: CANCELLED, row kept, open key freed, customer told', async () => {
    const customer = await w.customer(0n);
    const fqdn = uniqueName('requested');
    const id = await w.place(customer, fqdn);
    const r = await w.backorders.cancel(id, { by: 'customer', customerId: customer, actor: 'telegram:5' });
    expect(r).toMatchObject({
      released: null,
      backorder: { status: 'CANCELLED', openKey: null, finishedAt: T0 },
    });
    expect(await w.eventsOf(id)).toEqual(['backorder.placed', 'backorder.cancelled']);
    await expect(w.backorders.place(customer, fqdn)).resolves.toMatchObject({ status: 'REQUESTED' });
    const history = await w.backorders.history(id, { customerId: customer });
    expect(history.map((l) => l.message)).toEqual([
      expect.stringMatching(/REQUESTED$/),
      'REQUESTED → CANCELLED by customer',
    ]);
  });

  it('ACTIVE: the hold is released', async () => {
    const customer = await w.customer(1500n);
    const id = await w.place(customer, uniqueName('active'));
    await w.pass(new Date(T0.getTime() + HOUR));
    expect(await balances(w.db.prisma, customer)).toMatchObject({ held: PRICE, available: 500n });
    const r = await w.backorders.cancel(id, { by: 'staff', actor: 'slack:U1' });
    expect(r.released).toBe(PRICE);
    expect(await w.bo(id)).toMatchObject({ status: 'CANCELLED', hold: { status: 'RELEASED' } });
    expect(await balances(w.db.prisma, customer)).toMatchObject({
      balance: 1500n,
      held: 0n,
      available: 1500n,
    });
    const cancelled = (await w.events('backorder.cancelled')).find((e) => e.payload.backorderId === id);
    expect(cancelled?.payload).toMatchObject({ by: 'staff', released: { amount: '1000', currency: 'USD' } });
    // The next pass does not take the released money again.
    await w.pass(new Date(T0.getTime() + 2 * HOUR));
    expect(await balances(w.db.prisma, customer)).toMatchObject({ held: 0n });
    await w.invariant();
  });

  it('refused from PROCESSING on, with the reason; finished ones too', async () => {
    const customer = await w.customer(5000n);
    const fqdn = uniqueName('late');
    const id = await w.place(customer, fqdn);
    w.upstream.outcome(fqdn, 'FAILED');
    await w.pass(new Date(T0.getTime() + HOUR));
    await w.pass(new Date(DROP.getTime() - HOUR));
    await expect(w.backorders.cancel(id, { by: 'customer', customerId: customer })).rejects.toMatchObject({
      code: 'NOT_CANCELLABLE',
      message: expect.stringMatching(/with the registrar/),
      details: { status: 'PROCESSING' },
    });
    await w.pass(new Date(DROP.getTime() + 10 * MINUTE));
    await expect(w.backorders.cancel(id, { by: 'staff' })).rejects.toMatchObject({
      code: 'NOT_CANCELLABLE',
      message: expect.stringMatching(/already FAILED/),
    });
    expect((await w.bo(id)).status).toBe('FAILED');
  });

  it("another customer's backorder is not found, and nothing changes", async () => {
    const owner = await w.customer(0n);
    const id = await w.place(owner, uniqueName('private'));
    await expect(
      w.backorders.cancel(id, { by: 'customer', customerId: await w.customer(0n) }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect((await w.bo(id)).status).toBe('REQUESTED');
    await expect(w.backorders.get(id, { customerId: owner + 1000 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(w.backorders.history(id, { customerId: owner + 1000 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('an application at the registrar is deleted after the cancel; a registrar failure does not undo it', async () => {
    const customer = await w.customer(0n);
    const [a, b] = [
      await w.place(customer, uniqueName('upstream-a')),
      await w.place(customer, uniqueName('upstream-b')),
    ];
    // Backorders reach the registrar only in PROCESSING; these stand for one that got there otherwise.
    const app = await w.upstream.registrar.addApplication({
      fqdn: 'x.com',
      dropAt: DROP,
      reference: 'manual',
    });
    await w.db.prisma.backorder.update({ where: { id: a }, data: { registrarRef: app.application } });
    await w.backorders.cancel(a, { by: 'staff' });
    expect(w.upstream.deleted).toEqual([app.application]);

    await w.db.prisma.backorder.update({ where: { id: b }, data: { registrarRef: 'APP-unknown' } });
    w.upstream.failNext('delete', permanent(552, 'status prohibits operation'));
    await expect(w.backorders.cancel(b, { by: 'staff' })).resolves.toMatchObject({
      backorder: { status: 'CANCELLED' },
    });
    const logs = await w.db.prisma.log.findMany({ where: { backorderId: b, level: 'error' } });
    expect(logs.map((l) => l.message)).toEqual([
      expect.stringMatching(/deleting application APP-unknown .* failed: status prohibits/),
    ]);
  });
});

describe('list', () => {
  it("filters by customer, status and text, pages, and counts per status of the customer's backorders", async () => {
    const customer = await w.customer(5000n);
    const ids = [];
    for (const n of ['alpha', 'beta', 'gamma']) ids.push(await w.place(customer, uniqueName(`list-${n}`)));
    await w.backorders.cancel(ids[1]!, { by: 'customer' });
    const all = await w.backorders.list({ customerId: customer });
    expect(all.items.map((i) => i.id)).toEqual([ids[2], ids[1], ids[0]]);
    expect(all.counts).toEqual({ REQUESTED: 2, CANCELLED: 1 });
    expect(all.total).toBe(3);
    const requested = await w.backorders.list({
      customerId: customer,
      status: 'REQUESTED',
      pageSize: 1,
      page: 2,
    });
    expect(requested).toMatchObject({ total: 2, page: 2, items: [{ id: ids[0] }] });
    const text = await w.backorders.list({ customerId: customer, text: 'GAMMA' });
    expect(text.items.map((i) => i.id)).toEqual([ids[2]]);
    await expect(w.backorders.list({ status: 'BOGUS' as 'ACTIVE' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(w.backorders.list({ pageSize: 1000 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect((await w.backorders.list({ customerId: customer + 1000 })).items).toEqual([]);
  });

  it('shows the held snapshot as the price once activated', async () => {
    const customer = await w.customer(5000n);
    const id = await w.place(customer, uniqueName('shown'), new Date(T0.getTime() + DAY));
    await w.pass(new Date(T0.getTime() + HOUR));
    expect(await w.backorders.get(id)).toMatchObject({ status: 'ACTIVE', price: PRICE, held: PRICE });
  });
});
