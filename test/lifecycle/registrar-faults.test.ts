import { beforeEach, expect, it } from 'vitest';
import { balances } from '../../src/billing/ledger.ts';
import { DAY, HOUR, MINUTE } from '../../src/clock.ts';
import { permanent, temporary } from './registrar-double.ts';
import { DROP, T0, uniqueName, world } from './world.ts';

// The registrar misbehaves: temporary errors are retried with backoff (asking first whether the
// application arrived after all), refusals fail the backorder, account problems alert staff, and
// retrying ends 2 days after the drop.

const w = await world();
beforeEach(() => w.clock.set(T0));
const beforeDrop = (minutes: number) => new Date(DROP.getTime() - minutes * MINUTE);

/** a funded backorder, activated; returns its id */
async function activated(prefix: string, outcome: 'SUCCESSFUL' | 'FAILED' = 'SUCCESSFUL') {
  const fqdn = uniqueName(prefix);
  const customer = await w.customer(1000n);
  const id = await w.place(customer, fqdn);
  w.upstream.outcome(fqdn, outcome);
  await w.pass(new Date(T0.getTime() + HOUR));
  expect((await w.bo(id)).status).toBe('ACTIVE');
  return { id, fqdn, customer };
}

const addsFor = (id: number) => w.upstream.adds.filter((a) => a.reference === String(id)).length;

it('a temporary error is retried with backoff, asking the registrar first', async () => {
  const { id } = await activated('flaky');
  w.upstream.failNext('add', temporary(421), temporary(420), temporary(423));
  expect(await w.pass(beforeDrop(60))).toMatchObject({ processing: 1, sent: 0, errors: 1 });
  const first = await w.bo(id);
  expect(first).toMatchObject({
    status: 'PROCESSING',
    applicationState: 'SENDING',
    attempts: 1,
    applicationClaim: null,
  });
  // Due at the next pass (5 minutes on, less a minute of slack for the pass's own timing).
  expect(first.nextAttemptAt).toEqual(beforeDrop(56));
  expect(first.lastError).toMatch(/^\[421\]/);

  // Not due yet: nothing is sent.
  expect(await w.pass(beforeDrop(57))).toMatchObject({ sent: 0, errors: 0 });
  expect(await w.pass(beforeDrop(55))).toMatchObject({ sent: 0, errors: 1 });
  expect((await w.bo(id)).nextAttemptAt).toEqual(beforeDrop(46));
  expect(await w.pass(beforeDrop(45))).toMatchObject({ sent: 0, errors: 1 });
  expect((await w.bo(id)).nextAttemptAt).toEqual(beforeDrop(26));
  expect(await w.pass(beforeDrop(25))).toMatchObject({ sent: 1, errors: 0 });
  expect(await w.bo(id)).toMatchObject({ applicationState: 'SENT', attempts: 3, lastError: null });
  expect(addsFor(id)).toBe(1);
  const errors = await w.db.prisma.log.findMany({ where: { backorderId: id, level: 'error' } });
  expect(errors).toHaveLength(3);
});

it('a reply lost after the registrar took the application: found again, never sent twice', async () => {
  const { id } = await activated('lost-reply');
  w.upstream.loseNextReplies(1);
  expect(await w.pass(beforeDrop(60))).toMatchObject({ sent: 0, errors: 1 });
  expect(addsFor(id)).toBe(1);
  expect(await w.pass(beforeDrop(55))).toMatchObject({ sent: 1 });
  const sent = await w.bo(id);
  expect(sent).toMatchObject({
    applicationState: 'SENT',
    registrarRef: w.upstream.adds.find((a) => a.reference === String(id))!.application,
  });
  expect(addsFor(id)).toBe(1);
  const logs = await w.db.prisma.log.findMany({ where: { backorderId: id }, orderBy: { id: 'asc' } });
  expect(logs.at(-1)!.message).toMatch(/found at the registrar after an interrupted send/);
  await w.pass(new Date(DROP.getTime() + 10 * MINUTE));
  expect((await w.bo(id)).status).toBe('SUCCESSFUL');
  await w.invariant();
});

it('a refusal fails the backorder, releases the money and alerts staff', async () => {
  const { id, customer } = await activated('refused');
  w.upstream.failNext('add', permanent(541, 'domain not available for backorder'));
  expect(await w.pass(beforeDrop(60))).toMatchObject({ failed: 1, errors: 1 });
  expect(await w.bo(id)).toMatchObject({
    status: 'FAILED',
    applicationState: 'NONE',
    hold: { status: 'RELEASED' },
  });
  expect(await balances(w.db.prisma, customer)).toMatchObject({ held: 0n, available: 1000n });
  const alert = (await w.events('staff.registrar-error')).find((e) => e.payload.backorderId === id);
  expect(alert).toMatchObject({ audience: 'STAFF', payload: { code: 541, gaveUp: false } });
  const failed = (await w.events('backorder.failed')).find((e) => e.payload.backorderId === id);
  expect(failed?.payload).toMatchObject({ reasonCode: 'refused' });
  expect(addsFor(id)).toBe(0);
  await w.invariant();
});

it('the reseller credit limit (546) alerts staff once an hour and keeps retrying', async () => {
  const a = await activated('limit-a');
  const b = await activated('limit-b');
  const limit = () => permanent(546, 'credit limit exceeded');
  w.upstream.failNext('add', limit(), limit());
  expect(await w.pass(beforeDrop(60))).toMatchObject({ processing: 2, sent: 0, failed: 0, errors: 2 });
  expect(await w.bo(a.id)).toMatchObject({ status: 'PROCESSING', applicationState: 'NONE', attempts: 1 });
  expect((await w.events('staff.credit-limit')).map((e) => e.audience)).toEqual(['STAFF']);
  expect(await w.pass(beforeDrop(55))).toMatchObject({ sent: 2 });
  expect([addsFor(a.id), addsFor(b.id)]).toEqual([1, 1]);
});

it('gives up 2 days after the drop: FAILED, released, staff told', async () => {
  const { id, customer } = await activated('hopeless');
  w.upstream.failNext('add', temporary(421));
  await w.pass(beforeDrop(60));
  // The registrar stays unreachable for the recovery question too.
  w.upstream.failNext('find', temporary(421), temporary(421));
  expect(await w.pass(new Date(DROP.getTime() + DAY))).toMatchObject({ failed: 0, errors: 1 });
  expect((await w.bo(id)).status).toBe('PROCESSING');
  expect(await w.pass(new Date(DROP.getTime() + 2 * DAY + MINUTE))).toMatchObject({ failed: 1 });
  expect(await w.bo(id)).toMatchObject({ status: 'FAILED', hold: { status: 'RELEASED' } });
  expect(await balances(w.db.prisma, customer)).toMatchObject({ held: 0n, available: 1000n });
  const alert = (await w.events('staff.registrar-error')).find((e) => e.payload.backorderId === id);
  expect(alert?.payload).toMatchObject({ gaveUp: true, code: 421 });
  expect(
    (await w.events('backorder.failed')).filter((e) => e.payload.backorderId === id).map((e) => e.payload),
  ).toMatchObject([{ reasonCode: 'not-taken' }]);
  await w.invariant();
});

it('an error asking for the result is logged and asked again next pass', async () => {
  const { id } = await activated('unanswered');
  await w.pass(beforeDrop(60));
  w.upstream.failNext('status', temporary(420));
  expect(await w.pass(new Date(DROP.getTime() + 10 * MINUTE))).toMatchObject({ caught: 0, errors: 1 });
  expect(await w.bo(id)).toMatchObject({
    status: 'PROCESSING',
    lastError: expect.stringMatching(/^\[420\] (.* )?network error$/),
  });
  expect(await w.pass(new Date(DROP.getTime() + 15 * MINUTE))).toMatchObject({ caught: 1, errors: 0 });
  await w.invariant();
});

it('several backorders of one name: one unresolved send at a time, each keeps its own application', async () => {
  const fqdn = uniqueName('crowded');
  const ids = [];
  for (let i = 0; i < 3; i++) ids.push(await w.place(await w.customer(1000n), fqdn));
  w.upstream.outcome(fqdn, 'SUCCESSFUL');
  await w.pass(new Date(T0.getTime() + HOUR));
  // The first send reaches the registrar but its reply is lost: the others of the name wait.
  w.upstream.loseNextReplies(1);
  expect(await w.pass(beforeDrop(60))).toMatchObject({ processing: 3, sent: 0, errors: 1 });
  expect(w.upstream.adds.filter((a) => a.fqdn === fqdn).map((a) => a.reference)).toEqual([String(ids[0])]);
  expect((await w.bo(ids[1]!)).applicationState).toBe('NONE');
  // Next try: the first finds its application; then the others are sent, one per round.
  expect(await w.pass(beforeDrop(55))).toMatchObject({ sent: 3, errors: 0 });
  for (const id of ids) {
    const b = await w.bo(id);
    const own = w.upstream.adds.filter((a) => a.reference === String(id));
    expect(own).toHaveLength(1);
    expect(b.registrarRef).toBe(own[0]!.application);
  }
  await w.pass(new Date(DROP.getTime() + 10 * MINUTE));
  expect((await w.bo(ids[0]!)).status).toBe('AUCTION-PENDING');
  await w.invariant();
});
