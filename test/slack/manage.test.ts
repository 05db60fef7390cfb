import { describe, expect, it } from 'vitest';
import { DAY, HOUR, MINUTE } from '../../src/index.ts';
import { assertLedgerInvariant } from '../helpers/ledger.ts';
import { ADMIN, buttonNamed, buttonsOf, expectWithinLimits, startSlack, T0, textOf } from './harness.ts';

// manage, show and cancel against a real core: backorders placed, activated (with holds), sent and
// caught by the lifecycle engine over the sandbox registrar, which catches every name here.

const h = await startSlack({ SANDBOX_CATCH_RATE: '1' });
const { core, clock } = h;

const SOON = new Date(T0.getTime() + 2 * DAY); // inside the 3-day activation window
const STUCK = new Date(T0.getTime() + 2.5 * DAY);
const LATER = new Date(T0.getTime() + 10 * DAY);
const line = (fqdn: string, at: Date) => `${fqdn};${at.toISOString().slice(0, 19).replace('T', ' ')}`;

await core.droplist.import({
  name: 'test list',
  open: async () =>
    (async function* () {
      yield [
        line('shop.com', SOON),
        line('later.com', LATER),
        line('shared.com', SOON),
        line('stuck.com', STUCK),
        line('shortfunds.com', SOON),
      ];
    })(),
});
await core.pricing.set('com', 'USD', 4900n);
const alice = await core.customers.create({ name: 'Alice <Shop> & Co', currency: 'USD' });
const bob = await core.customers.create({ name: 'Bob', currency: 'USD' });
await core.billing.credit({ customer: alice.id, amount: 100_000n, currency: 'USD', actor: 'test' });
await core.billing.credit({ customer: bob.id, amount: 10_000n, currency: 'USD', actor: 'test' });
const carol = await core.customers.create({ name: 'Carol', currency: 'USD' });

const shop = await core.backorders.place(alice.id, 'shop.com');
const later = await core.backorders.place(alice.id, 'later.com');
const sharedA = await core.backorders.place(alice.id, 'shared.com');
const sharedB = await core.backorders.place(bob.id, 'shared.com');
const stuck = await core.backorders.place(alice.id, 'stuck.com');
const poor = await core.backorders.place(carol.id, 'shortfunds.com');
const extra: Array<{ id: number }> = [];
for (let i = 0; i < 25; i++)
  extra.push(await core.backorders.place(bob.id, `unlisted${String(i).padStart(2, '0')}.com`));
// activation: holds for what drops within 3 days and is paid for
await core.lifecycle.runPass(clock.now());

describe('/backorder manage', () => {
  it('pages every backorder newest first, with totals per status, customer, drop time and price', async () => {
    const page1 = await h.ask('manage');
    expectWithinLimits(page1);
    const text = textOf(page1);
    expect(text).toMatch(/31 backorder\(s\), newest first · page 1 of 3/);
    expect(text).toMatch(/By status: REQUESTED 27 · ACTIVE 4/);
    // newest first: the last placed is the first row
    expect(text.indexOf('#31 unlisted24.com')).toBeGreaterThan(-1);
    expect(text.indexOf('#31 unlisted24.com')).toBeLessThan(text.indexOf('#30 unlisted23.com'));
    expect(text).not.toContain('shop.com');
    expect(buttonsOf(page1).filter((b) => b.text.text === 'Details')).toHaveLength(12);
    const page3 = await h.click(buttonNamed(await h.click(buttonNamed(page1, /Page 2/)), /Page 3/));
    expect(page3.replace_original).toBe(true);
    const last = textOf(page3);
    expect(last).toMatch(/page 3 of 3/);
    // names are escaped: a customer cannot inject links or mentions into staff screens
    expect(last).toContain(
      `#${shop.id} shop.com* · *ACTIVE* · drops 2026-12-03 09:00 UTC\n#${alice.id} Alice &lt;Shop&gt; &amp; Co · 49.00 USD (held)`,
    );
  });

  it('filters by status and text, in any case, and keeps the filter when paging', async () => {
    const active = textOf(await h.ask('manage active'));
    expect(active).toMatch(/4 backorder\(s\) in \*ACTIVE\*/);
    expect(active).toContain('shop.com');
    expect(active).not.toContain('later.com');
    const unlisted = await h.ask('manage REQUESTED unlisted page 2');
    expect(textOf(unlisted)).toMatch(
      /25 backorder\(s\) in \*REQUESTED\* matching "unlisted".* · page 2 of 3/,
    );
    expect(buttonNamed(unlisted, /Page 3/).value).toBe('manage REQUESTED unlisted page 3');
    expect(textOf(await h.ask('manage nothing-like-this'))).toMatch(
      /No backorders matching "nothing-like-this"/,
    );
  });

  it('shows the last page for a page past the end', async () => {
    expect(textOf(await h.ask('manage page 40'))).toMatch(/page 3 of 3/);
  });

  it('opens a row’s details as a new message from its Details button', async () => {
    const page1 = await h.ask('manage');
    const details = buttonsOf(page1).find((b) => b.value === `show ${extra[24]!.id}`)!;
    const shown = await h.click(details);
    expect(shown.replace_original).toBe(false);
    expect(textOf(shown)).toMatch(/Backorder #31 · unlisted24\.com/);
  });
});

describe('/backorder show', () => {
  it('tells an active backorder’s story: hold, history with who did what, and offers cancel', async () => {
    const reply = await h.ask(`show ${shop.id}`);
    expectWithinLimits(reply);
    const text = textOf(reply);
    expect(text).toMatch(
      /\*Status\* ACTIVE · \*drops\* 2026-12-03 09:00 UTC · \*finalizes\* 2026-12-03 07:00 UTC/,
    );
    expect(text).toContain('*Kind* regular');
    expect(text).toMatch(/\*Price\* 49\.00 USD · \*held\* 49\.00 USD/);
    expect(text).toMatch(/placed for customer/);
    expect(text).toMatch(/No ledger rows yet; 49\.00 USD is held/);
    expect(buttonsOf(reply).map((b) => b.text.text)).toEqual(['Cancel…', 'Full audit log']);
  });

  it('shows the ledger rows, the invoice and the auction once caught', async () => {
    clock.set(new Date(SOON.getTime() - HOUR));
    await core.lifecycle.runPass(clock.now()); // PROCESSING and sent
    clock.set(new Date(SOON.getTime() + 10 * MINUTE));
    await core.lifecycle.runPass(clock.now()); // caught (the sandbox settles 5 minutes after the drop)
    const single = textOf(await h.ask(`show ${shop.id}`));
    expect(single).toMatch(/\*Status\* SUCCESSFUL/);
    expect(single).toMatch(/CAPTURE -49\.00 USD/);
    expect(single).toMatch(/invoice #\d+/);
    expect(single).toMatch(/application `[^`]+`/);
    const shared = await h.ask(`show ${sharedA.id}`);
    expect(textOf(shared)).toMatch(/\*Status\* AUCTION-PENDING/);
    expect(textOf(shared)).toMatch(/\*Auction #\d+\* OPEN · ends .* 0 bid\(s\) from 2 participant\(s\)/);
    expect(buttonsOf(shared).map((b) => b.text.text)).toEqual(['Full audit log']);
    clock.set(T0);
  });

  it('says precisely what is wrong with a bad or unknown id', async () => {
    expect(textOf(await h.ask('show abc'))).toMatch(
      /ID "abc" is not a backorder number such as 12\.\nUsage: `\/backorder show ID`/,
    );
    expect(textOf(await h.ask('show 99999'))).toMatch(/could not find that: Backorder 99999 not found/);
    expect(textOf(await h.ask('show'))).toMatch(/ID is missing/);
  });
});

describe('/backorder cancel', () => {
  it('asks first; "Keep it" changes nothing', async () => {
    const question = await h.ask(`cancel ${later.id}`);
    expect(textOf(question)).toMatch(
      /Cancel backorder \*#\d+ later\.com\* \(REQUESTED, drops 2026-12-11 09:00 UTC\) of \*#\d+ Alice/,
    );
    const kept = await h.click(buttonNamed(question, /Keep it/));
    expect(kept.replace_original).toBe(true);
    expect(textOf(kept)).toMatch(/Nothing changed/);
    expect((await core.backorders.get(later.id)).status).toBe('REQUESTED');
  });

  it('cancels on confirmation, releases the hold, audits the staff member and the reason, and a second click changes nothing', async () => {
    const before = await core.billing.balances(bob.id);
    const question = await h.ask(`cancel #${sharedB.id}`);
    // shared.com went to auction above: not cancellable
    expect(textOf(question)).toMatch(/cannot be cancelled: the name was caught and is in an auction/);
    expect(buttonsOf(question)).toEqual([]);

    const poorQ = await h.ask(`cancel ${poor.id} customer asked by email`);
    expect(textOf(poorQ)).toMatch(
      /No money is held for it\. The customer is told\. Reason: _customer asked by email_/,
    );
    const unlisted = extra[0]!;
    const q = await h.ask(`cancel ${unlisted.id} duplicate order`);
    const confirm = buttonNamed(q, new RegExp(`Cancel backorder #${unlisted.id}`));
    expect(confirm.style).toBe('danger');
    const done = await h.click(confirm);
    expect(textOf(done)).toMatch(
      new RegExp(`Backorder \\*#${unlisted.id} unlisted00\\.com\\* is cancelled\\. No money was held`),
    );
    expect((await core.backorders.get(unlisted.id)).status).toBe('CANCELLED');
    const trail = await core.logs.list({ backorderId: unlisted.id });
    // one audit row, written in the cancel's own transaction: the staff member and the reason
    expect(trail.filter((l) => l.actor === `slack:${ADMIN}`).map((l) => l.message)).toEqual([
      'REQUESTED → CANCELLED by staff; reason: duplicate order',
    ]);
    const again = await h.click(confirm);
    expect(textOf(again)).toMatch(/cannot be cancelled: it is already CANCELLED/);
    expect(await core.billing.balances(bob.id)).toEqual(before);
  });

  it('releases an active backorder’s hold', async () => {
    const b = await core.backorders.place(alice.id, 'activeone.com');
    await core.db.prisma.dropDomain.create({
      data: {
        fqdn: 'activeone2.com',
        label: 'activeone2',
        zone: 'com',
        dropAt: SOON,
        length: 10,
        letters: 9,
        digits: 1,
        hyphens: 0,
        idn: false,
        importId: 1,
      },
    });
    const active = await core.backorders.place(alice.id, 'activeone2.com');
    await core.lifecycle.runPass(clock.now());
    expect((await core.backorders.get(active.id)).status).toBe('ACTIVE');
    const held = (await core.billing.balances(alice.id)).held;
    const done = await h.click(buttonNamed(await h.ask(`cancel ${active.id}`), /Cancel backorder/));
    expect(textOf(done)).toMatch(/The hold of 49\.00 USD is released/);
    expect((await core.billing.balances(alice.id)).held).toBe(held - 4900n);
    expect((await core.backorders.get(b.id)).status).toBe('REQUESTED');
  });

  it('refuses a processing backorder before its drop; after it asks for a reason, confirms, and cancels it', async () => {
    clock.set(new Date(STUCK.getTime() - HOUR));
    await core.lifecycle.runPass(clock.now());
    const before = await core.backorders.get(stuck.id);
    expect(before).toMatchObject({ status: 'PROCESSING', held: 4900n });
    const application = before.registrarRef!;
    expect(application).toMatch(/^SBX-\d+:stuck\.com:\d+$/);
    const early = await h.ask(`cancel ${stuck.id} registrar silent`);
    expect(textOf(early)).toMatch(
      /cannot be cancelled: the application is with the registrar and its drop at 2026-12-03 21:00 UTC has not passed yet/,
    );
    expect(buttonsOf(early)).toEqual([]);
    expect(buttonsOf(await h.ask(`show ${stuck.id}`)).map((b) => b.text.text)).toEqual(['Full audit log']);

    clock.set(new Date(STUCK.getTime() + MINUTE));
    // show offers Cancel…, which asks for the reason with the exact command to type
    const shown = await h.ask(`show ${stuck.id}`);
    const hint = await h.click(buttonNamed(shown, /Cancel…/));
    const words = textOf(hint);
    expect(words).toMatch(new RegExp(`Backorder #${stuck.id} stuck.com can be cancelled only with a reason`));
    expect(words).toContain(`Type \`/backorder cancel ${stuck.id} &lt;reason&gt;\``);
    expect(words).toMatch(/fails by itself at 2026-12-05 21:00 UTC and the hold is released/);
    expect(buttonsOf(hint)).toEqual([]);
    expect(textOf(await h.ask(`cancel ${stuck.id}`))).toEqual(words);

    const question = await h.ask(`cancel ${stuck.id} registrar <silent> since the drop`);
    expectWithinLimits(question);
    const asked = textOf(question);
    expect(asked).toMatch(/PROCESSING and its drop time \(2026-12-03 21:00 UTC\) has passed/);
    expect(asked).toContain(`deletes application \`${application}\` at the registrar if it still can`);
    expect(asked).toMatch(
      /The hold of 49\.00 USD will be released\. The customer is told\. Reason: _registrar &lt;silent&gt; since the drop_/,
    );
    const balances = await core.billing.balances(alice.id);
    const done = await h.click(buttonNamed(question, /Cancel backorder/));
    expect(done.replace_original).toBe(true);
    const said = textOf(done);
    expect(said).toMatch(
      new RegExp(
        `Backorder \\*#${stuck.id} stuck\\.com\\* is cancelled\\. The hold of 49\\.00 USD is released`,
      ),
    );
    // the sandbox, like HEXONET, no longer deletes an application once the name has dropped
    expect(said).toMatch(/The registrar kept application `[^`]+` \(sandbox: .* can no longer be deleted/);

    expect(await core.backorders.get(stuck.id)).toMatchObject({ status: 'CANCELLED', held: 0n });
    expect(await core.billing.balances(alice.id)).toEqual({
      ...balances,
      held: balances.held - 4900n,
      available: balances.available + 4900n,
    });
    await assertLedgerInvariant(core.db, alice.id);
    const trail = await core.logs.list({ backorderId: stuck.id });
    expect(trail.find((l) => l.actor === `slack:${ADMIN}`)).toMatchObject({
      level: 'ok',
      message:
        'PROCESSING → CANCELLED by staff after the drop; hold of 49.00 USD released; reason: registrar <silent> since the drop',
    });
    const told = await core.db.prisma.outbox.findMany({
      where: { kind: 'backorder.cancelled', customerId: alice.id },
    });
    expect(told.map((o) => JSON.parse(o.payload))).toContainEqual(
      expect.objectContaining({
        backorderId: stuck.id,
        by: 'staff',
        released: { amount: '4900', currency: 'USD' },
      }),
    );
    // a second click is answered with what it is now
    expect(textOf(await h.click(buttonNamed(question, /Cancel backorder/)))).toMatch(
      /it is already CANCELLED/,
    );
    clock.set(T0);
  });

  it('help tells both ways of cancelling', async () => {
    const help = textOf(await h.ask('help cancel'));
    expect(help).toContain('/backorder cancel ID [REASON]');
    expect(help).toMatch(
      /`\/backorder cancel ID REASON` — cancel a PROCESSING backorder stuck after its drop \(REASON required/,
    );
  });

  it('explains malformed input', async () => {
    expect(textOf(await h.ask('cancel'))).toMatch(
      /ID is missing\.\nUsage: `\/backorder cancel ID \[REASON\]`/,
    );
    expect(textOf(await h.ask('cancel twelve'))).toMatch(/ID "twelve" is not a backorder number/);
  });
});
