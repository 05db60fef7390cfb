import { beforeEach, describe, expect, it } from 'vitest';
import { balances } from '../../src/billing/ledger.ts';
import { HOUR, MINUTE } from '../../src/clock.ts';
import { permanent, temporary } from '../lifecycle/registrar-double.ts';
import { DROP, PRICE, T0, uniqueName, world } from '../lifecycle/world.ts';

// Staff may cancel a PROCESSING backorder stuck after its drop, with a reason: CANCELLED, the hold
// released, the application deleted at the registrar when it still can be, one audit row with the
// staff member and the reason, the customer told. Before the drop, without a reason, or for a
// customer, PROCESSING stays refused.

const w = await world();
beforeEach(() => w.clock.set(T0));

const FUNDS = 5000n;
const AFTER = new Date(DROP.getTime() + 30 * MINUTE);

/** a backorder sent to the registrar, which gives no result after the drop (stays PROCESSING) */
async function stuck(prefix: string) {
  const customer = await w.customer(FUNDS);
  const fqdn = uniqueName(prefix);
  const id = await w.place(customer, fqdn);
  w.upstream.outcome(fqdn, 'PROCESSING');
  await w.pass(new Date(T0.getTime() + HOUR));
  await w.pass(new Date(DROP.getTime() - HOUR));
  await w.pass(new Date(DROP.getTime() + 10 * MINUTE));
  const b = await w.bo(id);
  expect(b).toMatchObject({ status: 'PROCESSING', applicationState: 'SENT', hold: { status: 'HELD' } });
  expect(await balances(w.db.prisma, customer)).toMatchObject({ held: PRICE, available: FUNDS - PRICE });
  w.clock.set(AFTER);
  return { customer, fqdn, id, application: b.registrarRef! };
}

const staff = (reason?: string) => ({ by: 'staff' as const, actor: 'slack:U9', reason });

/** nothing about the backorder or its money changed */
async function unchanged(id: number, customer: number) {
  expect(await w.bo(id)).toMatchObject({ status: 'PROCESSING', hold: { status: 'HELD' } });
  expect(await balances(w.db.prisma, customer)).toMatchObject({ held: PRICE, available: FUNDS - PRICE });
  expect(await w.eventsOf(id)).not.toContain('backorder.cancelled');
}

describe('staff cancel of a PROCESSING backorder after its drop', () => {
  it('cancels with a reason: hold released, application deleted, audited with actor and reason, customer told', async () => {
    const { customer, id, application } = await stuck('stuck');
    const ledgerBefore = await w.db.prisma.ledgerEntry.count({ where: { customerId: customer } });
    const r = await w.backorders.cancel(id, staff('  registrar   gave no result '));
    expect(r).toMatchObject({
      released: PRICE,
      backorder: { status: 'CANCELLED', openKey: null, finishedAt: AFTER },
      upstream: { application, deleted: true },
    });
    expect(w.upstream.deleted).toContain(application);
    expect(await w.bo(id)).toMatchObject({ hold: { status: 'RELEASED', amount: PRICE } });
    expect(await balances(w.db.prisma, customer)).toEqual({
      currency: 'USD',
      balance: FUNDS,
      held: 0n,
      unpaid: 0n,
      available: FUNDS,
    });
    // a release is a hold's status, not a ledger row: the ledger is untouched
    expect(await w.db.prisma.ledgerEntry.count({ where: { customerId: customer } })).toBe(ledgerBefore);
    await w.invariant();

    const logs = await w.db.prisma.log.findMany({
      where: { backorderId: id, at: AFTER },
      orderBy: { id: 'asc' },
    });
    expect(logs.map((l) => [l.level, l.actor, l.message])).toEqual([
      [
        'ok',
        'slack:U9',
        'PROCESSING → CANCELLED by staff after the drop; hold of 10.00 USD released; reason: registrar gave no result',
      ],
      ['ok', null, `application ${application} deleted at the registrar`],
    ]);
    const cancelled = (await w.events('backorder.cancelled')).filter((e) => e.payload.backorderId === id);
    expect(cancelled).toMatchObject([
      {
        audience: 'CUSTOMER',
        customerId: customer,
        dedupeKey: `bo:${id}:CANCELLED`,
        createdAt: AFTER,
        payload: { by: 'staff', released: { amount: '1000', currency: 'USD' } },
      },
    ]);

    // The lifecycle leaves it alone from now on: not asked about, not failed, no money taken again.
    const asked = w.upstream.asked.length;
    await w.pass(new Date(DROP.getTime() + 3 * HOUR));
    expect(w.upstream.asked.slice(asked)).not.toContain(application);
    expect(await w.bo(id)).toMatchObject({ status: 'CANCELLED' });
    expect(await balances(w.db.prisma, customer)).toMatchObject({ held: 0n, available: FUNDS });
    // A second cancel is refused and changes nothing.
    await expect(w.backorders.cancel(id, staff('again'))).rejects.toMatchObject({
      code: 'NOT_CANCELLABLE',
      message: expect.stringMatching(/already CANCELLED/),
    });
  });

  it('stands when the registrar keeps the application (it may no longer be deleted after the drop)', async () => {
    const { customer, id, application } = await stuck('kept');
    w.upstream.failNext('delete', permanent(552, 'status prohibits operation'));
    const r = await w.backorders.cancel(id, staff('customer asked'));
    expect(r).toMatchObject({
      released: PRICE,
      backorder: { status: 'CANCELLED' },
      upstream: { application, deleted: false, error: 'status prohibits operation' },
    });
    const errors = await w.db.prisma.log.findMany({ where: { backorderId: id, level: 'error', at: AFTER } });
    expect(errors.map((l) => l.message)).toEqual([
      `deleting application ${application} at the registrar failed: status prohibits operation`,
    ]);
    expect(await balances(w.db.prisma, customer)).toMatchObject({ held: 0n, available: FUNDS });
    await w.invariant();
  });

  it('goes ahead when the registrar does not answer the status question, and says so in the log', async () => {
    const { id } = await stuck('silent');
    w.upstream.failNext('status', temporary(421, 'network error'));
    await expect(w.backorders.cancel(id, staff('registrar down since the drop'))).resolves.toMatchObject({
      backorder: { status: 'CANCELLED' },
    });
    const errors = await w.db.prisma.log.findMany({ where: { backorderId: id, level: 'error', at: AFTER } });
    expect(errors.map((l) => l.message)).toEqual([
      expect.stringMatching(
        /cancelled without an answer from the registrar \(asking .* failed: network error\)/,
      ),
    ]);
  });

  it('refuses when the registrar reports the name caught: the next pass settles it', async () => {
    const { customer, fqdn, id } = await stuck('caught-late');
    w.upstream.outcome(fqdn, 'SUCCESSFUL');
    await expect(w.backorders.cancel(id, staff('too late'))).rejects.toMatchObject({
      code: 'NOT_CANCELLABLE',
      message: expect.stringMatching(/registrar reports application .* as SUCCESSFUL/),
    });
    await unchanged(id, customer);
    expect(w.upstream.deleted).not.toContain((await w.bo(id)).registrarRef);
  });

  it('finds and deletes an application whose send had an unknown outcome', async () => {
    const customer = await w.customer(FUNDS);
    const fqdn = uniqueName('unknown');
    const id = await w.place(customer, fqdn);
    w.upstream.outcome(fqdn, 'PROCESSING');
    await w.pass(new Date(T0.getTime() + HOUR));
    w.upstream.loseNextReplies(1);
    await w.pass(new Date(DROP.getTime() - HOUR));
    expect(await w.bo(id)).toMatchObject({
      applicationState: 'SENDING',
      registrarRef: null,
      applicationClaim: null,
    });
    const application = w.upstream.adds.find((a) => a.fqdn === fqdn)!.application;
    w.clock.set(AFTER);
    const r = await w.backorders.cancel(id, staff('stuck sending'));
    expect(r).toMatchObject({
      backorder: { status: 'CANCELLED', registrarRef: application },
      upstream: { application, deleted: true },
    });
  });

  it('refuses while a pass is sending the application, changing nothing', async () => {
    const { customer, id } = await stuck('in-flight');
    await w.db.prisma.backorder.update({
      where: { id },
      data: { applicationClaim: 'a-pass', nextAttemptAt: new Date(AFTER.getTime() + MINUTE) },
    });
    await expect(w.backorders.cancel(id, staff('now'))).rejects.toMatchObject({ code: 'CONFLICT' });
    await unchanged(id, customer);
  });
});

describe('refusals', () => {
  it('before the drop, PROCESSING stays refused for staff too, with the reason', async () => {
    const customer = await w.customer(FUNDS);
    const id = await w.place(customer, uniqueName('early'));
    await w.pass(new Date(T0.getTime() + HOUR));
    await w.pass(new Date(DROP.getTime() - HOUR));
    w.clock.set(new Date(DROP.getTime() - MINUTE));
    await expect(w.backorders.cancel(id, staff('want it gone'))).rejects.toMatchObject({
      code: 'NOT_CANCELLABLE',
      message: expect.stringMatching(
        /its drop at 2027-03-03 12:00 UTC has not passed yet; staff can cancel .* once its drop time has passed/,
      ),
      details: { status: 'PROCESSING' },
    });
    await unchanged(id, customer);
  });

  it('without a reason, or with one too long, after the drop: bad input, nothing changes', async () => {
    const { customer, id } = await stuck('no-reason');
    for (const reason of [undefined, '', '   \n ']) {
      await expect(w.backorders.cancel(id, staff(reason))).rejects.toMatchObject({
        code: 'INVALID_INPUT',
        message: expect.stringMatching(/a reason is required/),
        details: { field: 'reason', backorderId: id },
      });
    }
    await expect(w.backorders.cancel(id, staff('x'.repeat(301)))).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/longer than 300 characters/),
    });
    await unchanged(id, customer);
    expect(w.upstream.deleted).toEqual(expect.not.arrayContaining([(await w.bo(id)).registrarRef]));
  });

  it('a customer still cannot cancel PROCESSING, after the drop and with a reason too', async () => {
    const { customer, id } = await stuck('customer');
    await expect(
      w.backorders.cancel(id, { by: 'customer', customerId: customer, reason: 'please' }),
    ).rejects.toMatchObject({
      code: 'NOT_CANCELLABLE',
      message: expect.stringMatching(/with the registrar \(the name has dropped; its result is awaited\)/),
    });
    await unchanged(id, customer);
  });

  it('a reason is kept for an ordinary staff cancel as well', async () => {
    const customer = await w.customer(0n);
    const id = await w.place(customer, uniqueName('plain'));
    await w.backorders.cancel(id, staff('duplicate order'));
    const [row] = await w.db.prisma.log.findMany({
      where: { backorderId: id },
      orderBy: { id: 'desc' },
      take: 1,
    });
    expect(row).toMatchObject({
      actor: 'slack:U9',
      message: 'REQUESTED → CANCELLED by staff; reason: duplicate order',
    });
  });
});
