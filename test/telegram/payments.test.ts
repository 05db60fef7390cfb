import { beforeAll, describe, expect, it } from 'vitest';
import { SLACK_CHANNEL } from '../../bots/slack/channel-spec.ts';
import { createLogger, jobDefinitions, MINUTE } from '../../src/index.ts';
import { refuseInserts } from '../helpers/refuse.ts';
import { type Harness, startTelegram, T0, type User, visible } from './harness.ts';

// A successful payment means Telegram has taken the customer's money: it must end up in the ledger
// exactly once, whatever fails on the way. The failures are real (a trigger refusing the ledger's or
// the payment table's inserts), the transports are the real webhook and long polling.

const PAYMENTS = { TELEGRAM_PAYMENTS_PROVIDER_TOKEN: 'provider:test-token' };
const ANN: User = { id: 3001, first_name: 'Ann', language_code: 'en' };
const BEN: User = { id: 3002, first_name: 'Ben', language_code: 'en' };

let h: Harness;
let polling: Harness;
const pollingLog: string[] = [];
beforeAll(async () => {
  [h, polling] = await Promise.all([
    startTelegram({ env: PAYMENTS }),
    startTelegram({
      mode: 'polling',
      env: PAYMENTS,
      log: createLogger({ level: 'warn', write: (line) => pollingLog.push(line) }),
    }),
  ]);
});

/** resolves once the polling bot has logged `message` `times` times in all */
const logged = (message: string, times = 1) =>
  polling.fake.waitFor(() => pollingLog.filter((l) => l.includes(message)).length >= times, 10_000);

const customerOf = async (harness: Harness, user: User) =>
  (
    await harness.core.db.prisma.identity.findUniqueOrThrow({
      where: { platform_externalId: { platform: 'telegram', externalId: String(user.id) } },
    })
  ).customerId;

let nextUpdateId = 700_000;
/** Telegram's update for a successful payment of `amount` cents on the customer's own invoice. */
function paymentUpdate(user: User, customerId: number, charge: string, amount = 2500, currency = 'USD') {
  const id = nextUpdateId++;
  return {
    update_id: id,
    message: {
      message_id: id,
      date: Math.floor(T0.getTime() / 1000),
      chat: { id: user.id, type: 'private', first_name: user.first_name },
      from: { is_bot: false, ...user },
      successful_payment: {
        currency,
        total_amount: amount,
        invoice_payload: `topup:${customerId}:${amount}:${currency}`,
        telegram_payment_charge_id: charge,
        provider_payment_charge_id: `prov-${charge}`,
      },
    },
  };
}

async function deliver(harness: Harness, update: object) {
  const res = await harness.post(JSON.stringify(update));
  await res.text();
  return res.status;
}

const ledgerOf = (harness: Harness, charge: string) =>
  harness.core.db.prisma.ledgerEntry.findMany({ where: { idempotencyKey: `telegram-payment:${charge}` } });

const repliesTo = (harness: Harness, user: User) => harness.fake.to(user.id).map((m) => visible(m.text));

const paymentsJob = (harness: Harness) => jobDefinitions(harness.core).find((j) => j.name === 'payments')!;

describe('webhook: a payment whose credit fails', () => {
  it('is answered 500, and Telegram’s next delivery credits it exactly once', async () => {
    await h.send('/start', ANN);
    const id = await customerOf(h, ANN);
    const update = paymentUpdate(ANN, id, 'charge-fails-once');
    const before = repliesTo(h, ANN).length;

    const allow = await refuseInserts(h.core.db, 'LedgerEntry');
    expect(await deliver(h, update)).toBe(500);
    await allow();
    expect((await h.core.billing.balances(id)).balance).toBe(0n);

    expect(await deliver(h, update)).toBe(200);
    expect(await deliver(h, update)).toBe(200);
    expect(repliesTo(h, ANN).slice(before)).toEqual(['✅ Thank you! $25.00 added. Available now: $25.00.']);
    expect((await h.core.billing.balances(id)).balance).toBe(2500n);
    expect(await ledgerOf(h, 'charge-fails-once')).toMatchObject([
      { customerId: id, amount: 2500n, kind: 'DEPOSIT', actor: 'telegram-payments' },
    ]);
  });

  it('stays stored when Telegram gives up: the payments job credits it once, and alerts staff while it cannot', async () => {
    await h.send('/start', BEN);
    const id = await customerOf(h, BEN);
    const allow = await refuseInserts(h.core.db, 'LedgerEntry');
    expect(await deliver(h, paymentUpdate(BEN, id, 'charge-never-again', 4000))).toBe(500);
    const job = paymentsJob(h);

    // Within its grace the payment is left to Telegram's re-delivery.
    expect(await job.run(new Date(T0.getTime() + MINUTE))).toBe('credited=0 failed=0');
    const later = new Date(T0.getTime() + 3 * MINUTE);
    expect(await job.run(later)).toBe('credited=0 failed=1');
    expect(await job.run(later)).toBe('credited=0 failed=1');
    const alerts = await h.core.db.prisma.outbox.findMany({ where: { kind: 'staff.payment-not-credited' } });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.audience).toBe('STAFF');
    const slack = h.core.notify
      .templates([SLACK_CHANNEL])
      .render('slack', 'staff.payment-not-credited', alerts[0]!.payload, 'en');
    expect(slack).toContain('A telegram payment of $40.00 is not credited');
    expect(slack).toContain(`Customer #${id}: the payments job tries again every minute.`);
    expect(slack).toContain('ledger key telegram-payment:charge-never-again');
    // the database's words, without the code around the call
    expect(slack.split('\n').at(-1)).toMatch(/Foreign key constraint violated|refused by the test/);
    expect(slack).not.toContain('invocation');

    await allow();
    expect(await job.run(later)).toBe('credited=1 failed=0');
    expect(await job.run(later)).toBe('credited=0 failed=0');
    expect((await h.core.billing.balances(id)).balance).toBe(4000n);
    expect(await ledgerOf(h, 'charge-never-again')).toHaveLength(1);
  });

  it('one the ledger refuses for good is not sent back: the customer hears staff will add it', async () => {
    const id = await customerOf(h, ANN);
    const before = repliesTo(h, ANN).length;
    // Paid in euros on a dollar account: no number of re-deliveries would credit it.
    expect(await deliver(h, paymentUpdate(ANN, id, 'charge-in-euros', 1000, 'EUR'))).toBe(200);
    expect(repliesTo(h, ANN).slice(before)).toEqual([
      'We have your payment of €10.00, but it could not be added to your balance automatically. Our staff will add it; there is no need to pay again.',
    ]);
    expect(await paymentsJob(h).run(new Date(T0.getTime() + 3 * MINUTE))).toBe('credited=0 failed=1');
    const alert = await h.core.db.prisma.outbox.findFirstOrThrow({
      where: { kind: 'staff.payment-not-credited', payload: { contains: 'charge-in-euros' } },
    });
    expect(
      h.core.notify
        .templates([SLACK_CHANNEL])
        .render('slack', 'staff.payment-not-credited', alert.payload, 'en'),
    ).toContain(`customer ${id} pays in USD, not EUR`);
  });
});

describe('long polling', () => {
  it('a payment is stored before Telegram is told it arrived (the next getUpdates)', async () => {
    await polling.send('/start', ANN);
    const id = await customerOf(polling, ANN);
    const update = paymentUpdate(ANN, id, 'charge-polled');
    const allow = await refuseInserts(polling.core.db, 'Payment');
    polling.fake.pushUpdate(update);
    // Telegram keeps the update until getUpdates asks for an offset beyond it: not while storing fails.
    await logged('storing a payment failed; retrying', 2);
    const confirmed = () =>
      polling.fake.callsTo('getUpdates').some((c) => Number(c.params.offset) > update.update_id);
    expect(confirmed()).toBe(false);
    expect((await polling.core.billing.balances(id)).balance).toBe(0n);

    await allow();
    await polling.fake.waitFor(() => repliesTo(polling, ANN).at(-1)?.startsWith('✅') === true, 10_000);
    expect(repliesTo(polling, ANN).at(-1)).toBe('✅ Thank you! $25.00 added. Available now: $25.00.');
    await polling.fake.waitFor(confirmed, 10_000);
    expect(await ledgerOf(polling, 'charge-polled')).toHaveLength(1);
  });

  it('a credit that fails is not lost although Telegram never sends the update again', async () => {
    const id = await customerOf(polling, ANN);
    const allow = await refuseInserts(polling.core.db, 'LedgerEntry');
    const failedBefore = pollingLog.filter((l) => l.includes('telegram update failed')).length;
    const update = paymentUpdate(ANN, id, 'charge-polled-fails', 1500);
    polling.fake.pushUpdate(update);
    await logged('telegram update failed', failedBefore + 1);
    await polling.fake.waitFor(
      () => polling.fake.callsTo('getUpdates').some((c) => Number(c.params.offset) > update.update_id),
      10_000,
    );
    await allow();
    expect(await paymentsJob(polling).run(new Date(T0.getTime() + 3 * MINUTE))).toBe('credited=1 failed=0');
    expect((await polling.core.billing.balances(id)).balance).toBe(4000n);
    expect(await ledgerOf(polling, 'charge-polled-fails')).toHaveLength(1);
  });
});
