import { beforeAll, describe, expect, it } from 'vitest';
import {
  at,
  DE,
  EN,
  expectSendable,
  type Harness,
  startTelegram,
  T0,
  type User,
  visible,
} from './harness.ts';

// The account: /balance as the original's box, /prices, and top-up: Telegram Payments when a
// provider token is set (invoice, pre-checkout check, deposit once per charge id), else how to pay.

let h: Harness;
let pay: Harness;

beforeAll(async () => {
  [h, pay] = await Promise.all([
    startTelegram(),
    startTelegram({ env: { TELEGRAM_PAYMENTS_PROVIDER_TOKEN: 'provider:test-token' } }),
  ]);
  await h.core.pricing.set('com', 'USD', 4900n);
  await h.core.pricing.set('de', 'USD', 2900n);
  await h.core.pricing.set('net', 'USD', 0n);
  await h.core.pricing.set('com', 'EUR', 4500n);
});

const customerOf = async (harness: Harness, user: User) =>
  (
    await harness.core.db.prisma.identity.findUniqueOrThrow({
      where: { platform_externalId: { platform: 'telegram', externalId: String(user.id) } },
    })
  ).customerId;

describe('/balance', () => {
  it('shows balance, held, unpaid and available, with a top-up button', async () => {
    await h.send('/start', EN);
    const id = await customerOf(h, EN);
    await h.core.billing.credit({ customer: id, amount: '120', currency: 'USD', actor: 'test' });
    await h.importList([['soon.com', at(1)]]);
    await h.core.backorders.place(id, 'soon.com');
    await h.core.lifecycle.runPass(T0);
    const r = await h.send('/balance', EN);
    expectSendable(r);
    expect(visible(r.text)).toBe(
      [
        `💰 Your account (customer no. ${id})`,
        'Balance: $120.00',
        'Held for backorders: $49.00',
        'Unpaid invoices: $0.00',
        'Available: $71.00',
      ].join('\n'),
    );
    expect(h.buttons(r.replies[0]!).map((b) => b.callback_data)).toEqual(['m:topup']);
  });

  it('German', async () => {
    const r = await h.send('/balance', DE);
    expect(visible(r.text)).toMatch(/Ihr Konto .*\nGuthaben: 0,00\s\$\n.*\n.*\nVerfügbar: 0,00\s\$/);
  });
});

describe('/prices', () => {
  it('lists the offered zones in the customer’s currency only', async () => {
    const r = await h.send('/prices', EN);
    expect(visible(r.text)).toBe(
      [
        '🏷 Price per caught name (USD)',
        '.com: $49.00',
        '.de: $29.00',
        '',
        'You pay only when we catch a name; a miss costs nothing.',
      ].join('\n'),
    );
  });
});

describe('top-up without a payments provider', () => {
  it('says how to pay the reseller, with the customer number', async () => {
    const r = await h.send('/topup', EN);
    const id = await customerOf(h, EN);
    expect(visible(r.text)).toContain(
      `transfer the amount in USD to the reseller with your customer number ${id}`,
    );
    expect(h.fake.callsTo('sendInvoice')).toHaveLength(0);
    const de = await h.press('m:topup', DE);
    expect(visible(de.text)).toContain('überweisen Sie den Betrag in USD');
  });
});

describe('top-up with Telegram Payments', () => {
  const preCheckout = (user: User, payload: string, amount: number, currency = 'USD') =>
    pay.deliver(
      {
        pre_checkout_query: {
          id: `pcq-${Math.random().toString(36).slice(2)}`,
          from: { is_bot: false, first_name: 'User', ...user },
          currency,
          total_amount: amount,
          invoice_payload: payload,
        },
      },
      user,
    );
  const paid = (user: User, payload: string, amount: number, charge: string) =>
    pay.deliver(
      {
        message: {
          message_id: 50_000 + Math.floor(Math.random() * 10_000),
          date: 0,
          chat: { id: user.id, type: 'private', first_name: 'User' },
          from: { is_bot: false, first_name: 'User', ...user },
          successful_payment: {
            currency: 'USD',
            total_amount: amount,
            invoice_payload: payload,
            telegram_payment_charge_id: charge,
            provider_payment_charge_id: `prov-${charge}`,
          },
        },
      },
      user,
    );
  const lastAnswer = () => pay.fake.callsTo('answerPreCheckoutQuery').at(-1)!.params;

  it('offers preset amounts, and a press sends an invoice in the customer’s currency', async () => {
    await pay.send('/start', EN);
    const r = await pay.send('/topup', EN);
    expect(h.buttons(r.replies[0]!).map((b) => [b.text, b.callback_data])).toEqual([
      ['$10.00', 'tu:1000'],
      ['$25.00', 'tu:2500'],
      ['$50.00', 'tu:5000'],
      ['$100.00', 'tu:10000'],
    ]);
    await pay.press('tu:2500', EN);
    const invoice = pay.fake.callsTo('sendInvoice').at(-1)!.params;
    const id = await customerOf(pay, EN);
    expect(invoice).toMatchObject({
      chat_id: EN.id,
      currency: 'USD',
      payload: `topup:${id}:2500:USD`,
      provider_token: 'provider:test-token',
      prices: [{ label: 'Top-up', amount: 2500 }],
    });
    expect(invoice.description).toContain('$25.00');
  });

  it('/topup AMOUNT sends that invoice; nonsense and too much are refused', async () => {
    await pay.send('/topup 30.5', EN);
    expect(pay.fake.callsTo('sendInvoice').at(-1)!.params.prices).toEqual([
      { label: 'Top-up', amount: 3050 },
    ]);
    expect(visible((await pay.send('/topup 1e9', EN)).text)).toMatch(
      /^That was not accepted: "1e9" is not an amount/,
    );
    expect(visible((await pay.send('/topup 20000', EN)).text)).toBe(
      'At most $10,000.00 per payment, please.',
    );
    expect(visible((await pay.send(`/topup ${'9'.repeat(60)}`, EN)).text)).toContain('/topup 30');
  });

  it('the pre-checkout check accepts the customer’s own invoice and refuses anything else', async () => {
    const id = await customerOf(pay, EN);
    await preCheckout(EN, `topup:${id}:2500:USD`, 2500);
    expect(lastAnswer()).toMatchObject({ ok: true });
    await preCheckout(EN, `topup:${id}:2500:USD`, 9999);
    expect(lastAnswer()).toMatchObject({
      ok: false,
      error_message: expect.stringContaining('cannot be accepted'),
    });
    await preCheckout(EN, `topup:${id}:2500:EUR`, 2500, 'EUR');
    expect(lastAnswer()).toMatchObject({ ok: false });
    await preCheckout(EN, `topup:${id + 999}:2500:USD`, 2500);
    expect(lastAnswer()).toMatchObject({ ok: false });
    await preCheckout(EN, 'something else', 2500);
    expect(lastAnswer()).toMatchObject({ ok: false });
  });

  it('a successful payment is a ledger deposit, once per charge id however often it arrives', async () => {
    const id = await customerOf(pay, EN);
    const payload = `topup:${id}:2500:USD`;
    const first = await paid(EN, payload, 2500, 'charge-1');
    expect(visible(first.text)).toBe('✅ Thank you! $25.00 added. Available now: $25.00.');
    const again = await paid(EN, payload, 2500, 'charge-1');
    expect(visible(again.text)).toBe('This payment of $25.00 was already added. Available now: $25.00.');
    const entries = await pay.core.db.prisma.ledgerEntry.findMany({ where: { customerId: id } });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      amount: 2500n,
      kind: 'DEPOSIT',
      idempotencyKey: 'telegram-payment:charge-1',
      actor: 'telegram-payments',
    });
    await paid(EN, payload, 1000, 'charge-2');
    expect((await pay.core.billing.balances(id)).balance).toBe(3500n);
  });
});
