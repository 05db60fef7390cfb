import { describe, expect, it } from 'vitest';
import {
  ADMIN,
  buttonNamed,
  buttonsOf,
  expectWithinLimits,
  OTHER_ADMIN,
  startSlack,
  textOf,
} from './harness.ts';

const h = await startSlack({ SLACK_CREDIT_CONFIRM_ABOVE: '500' });
const { core } = h;

const alice = await core.customers.create({ name: 'Alice Smith', currency: 'USD' });
const yen = await core.customers.create({ name: 'Kenji', currency: 'JPY' });
const viaTelegram = await core.customers.findOrCreateByIdentity({
  platform: 'telegram',
  externalId: '4242',
  name: 'Tele Gram',
});

describe('/backorder customers', () => {
  it('lists customers with balances and identities, and finds them by name, id or chat id', async () => {
    await core.billing.credit({ customer: alice.id, amount: '12.50', currency: 'USD', actor: 'test' });
    const all = textOf(await h.ask('customers'));
    expect(all).toMatch(
      /\*#1 Alice Smith\* \(en\) · balance 12\.50 USD · held 0\.00 USD · available \*12\.50 USD\*/,
    );
    expect(all).toMatch(/Tele Gram.*\n\s+telegram:4242/);
    // the core's name match is case-sensitive on PostgreSQL, not on SQLite: typed as stored here
    const smith = textOf(await h.ask('customers Smith'));
    expect(smith).toContain('Alice Smith');
    expect(smith).not.toContain('Kenji');
    expect(textOf(await h.ask('customers telegram:4242'))).toContain(`#${viaTelegram.customer.id} Tele Gram`);
    expect(textOf(await h.ask('customers nobody-at-all'))).toMatch(/No customer matches "nobody-at-all"/);
  });

  it('pages a long list without a known total, and never breaks Slack’s limits with long names', async () => {
    for (let i = 0; i < 20; i++)
      await core.customers.create({ name: `Bulk ${'x'.repeat(190)} ${i}`, currency: 'EUR' });
    const page1 = await h.ask('customers Bulk');
    expectWithinLimits(page1);
    expect(textOf(page1)).toMatch(/matching "Bulk" · page 1$/m);
    const page2 = await h.click(buttonNamed(page1, /Page 2/));
    expectWithinLimits(page2);
    expect(textOf(page2)).toMatch(/page 2/);
    expect(buttonsOf(page2).map((b) => b.text.text)).toEqual(['◀ Page 1']);
  });
});

describe('/backorder credit', () => {
  it('credits at once up to the confirmation limit, with the staff member as actor and the note', async () => {
    const reply = textOf(await h.ask(`credit ${alice.id} 500 USD bank transfer 2026-11-03 page 4`));
    expect(reply).toMatch(/Credited \*500\.00 USD\* to #1 Alice Smith \(ledger entry #\d+\)/);
    expect(reply).toMatch(/available \*512\.50 USD\*/);
    const [entry] = await core.billing.ledger(alice.id, { limit: 1 });
    expect(entry).toMatchObject({
      kind: 'DEPOSIT',
      amount: 50_000n,
      actor: `slack:${ADMIN}`,
      note: 'bank transfer 2026-11-03 page 4',
    });
    const audit = await core.logs.list({ limit: 1 });
    expect(audit[0]).toMatchObject({ job: 'credit', actor: `slack:${ADMIN}` });
  });

  it('finds the customer by quoted name or identity', async () => {
    expect(textOf(await h.ask('credit "Alice Smith" 1 USD'))).toMatch(
      /Credited \*1\.00 USD\* to #1 Alice Smith/,
    );
    expect(textOf(await h.ask('credit telegram:4242 2 USD'))).toMatch(
      /Credited \*2\.00 USD\* to #\d+ Tele Gram/,
    );
  });

  it('asks for confirmation above the limit; confirming credits once however often it is clicked', async () => {
    const before = (await core.billing.balances(alice.id)).balance;
    const question = await h.ask(`credit ${alice.id} 500.01 USD big wire`);
    expect(textOf(question)).toMatch(/Credit \*500\.01 USD\* to \*#1 Alice Smith\*\?/);
    expect(textOf(question)).toMatch(/above the confirmation limit of 500 USD\. Note: _big wire_/);
    expect((await core.billing.balances(alice.id)).balance).toBe(before);
    const yes = buttonNamed(question, /Credit 500\.01 USD/);
    const done = await h.click(yes, OTHER_ADMIN);
    expect(done.replace_original).toBe(true);
    expect(textOf(done)).toMatch(/Credited \*500\.01 USD\*/);
    const again = await h.click(yes);
    expect(textOf(again)).toMatch(/This credit was already made \(ledger entry #\d+\); nothing changed/);
    expect((await core.billing.balances(alice.id)).balance).toBe(before + 50_001n);
    const [entry] = await core.billing.ledger(alice.id, { limit: 1 });
    // the one who confirmed is the actor
    expect(entry).toMatchObject({ actor: `slack:${OTHER_ADMIN}`, note: 'big wire' });
  });

  it('declining credits nothing', async () => {
    const before = (await core.billing.balances(alice.id)).balance;
    const question = await h.ask(`credit ${alice.id} 9000 USD`);
    expect(textOf(await h.click(buttonNamed(question, /Do not credit/)))).toMatch(/No credit was made/);
    expect((await core.billing.balances(alice.id)).balance).toBe(before);
  });

  it('measures the limit in the currency’s own units (JPY has no decimals)', async () => {
    expect(textOf(await h.ask(`credit ${yen.id} 500 JPY`))).toMatch(/Credited \*500 JPY\*/);
    expect(buttonsOf(await h.ask(`credit ${yen.id} 501 JPY`)).map((b) => b.text.text)).toEqual([
      'Credit 501 JPY',
      'Do not credit',
    ]);
  });

  it('explains what is wrong, and credits nothing', async () => {
    const before = (await core.billing.balances(alice.id)).balance;
    expect(textOf(await h.ask(`credit ${alice.id} 10 EUR`))).toMatch(
      /Sorry, that did not work: Customer #1 pays in USD, not EUR\./,
    );
    expect(textOf(await h.ask('credit 999 10 USD'))).toMatch(/could not find that: Customer 999 not found/);
    expect(textOf(await h.ask('credit "Nobody Here" 10 USD'))).toMatch(/Customer Nobody Here not found/);
    expect(textOf(await h.ask(`credit ${alice.id} ten USD`))).toMatch(
      /AMOUNT "ten" is not an amount such as 12\.50/,
    );
    expect(textOf(await h.ask(`credit ${alice.id} 0 USD`))).toMatch(/The amount must be greater than zero\./);
    expect(textOf(await h.ask(`credit ${alice.id}`))).toMatch(
      /AMOUNT is missing; CURRENCY is missing\.\nUsage: `\/backorder credit CUSTOMER AMOUNT CURRENCY \[note\]`/,
    );
    expect(textOf(await h.ask(`credit ${alice.id} 1 USD ${'n'.repeat(201)}`))).toMatch(
      /the note is longer than 200 characters/,
    );
    expect(
      textOf(await h.click({ action_id: 'bo.credit.yes', text: { text: 'x' }, value: '{"customerId":1}' })),
    ).toMatch(/button is out of date/);
    expect((await core.billing.balances(alice.id)).balance).toBe(before);
  });
});
