import { describe, expect, it } from 'vitest';
import { ADMIN, buttonNamed, buttonsOf, expectWithinLimits, startSlack, textOf } from './harness.ts';

const h = await startSlack();

describe('/backorder pricing', () => {
  it('says how to add the first price when there is none', async () => {
    expect(textOf(await h.ask('pricing'))).toMatch(/No prices yet.*pricing set com USD 49\.00/s);
  });

  it('sets a price, says the old one and that holds keep their amount, and audits it with the Slack id', async () => {
    const first = textOf(await h.ask('pricing set .COM usd 49.00'));
    expect(first).toMatch(/price of \*\.com\* in USD is now \*49\.00 USD\* \(was not offered\)/);
    expect(first).toMatch(/Holds already taken keep the amount they were taken at/);
    const second = textOf(await h.ask('pricing set com USD 55'));
    expect(second).toMatch(/now \*55\.00 USD\* \(was 49\.00 USD\)/);
    expect(await h.core.pricing.get('com', 'USD')).toBe(5500n);
    const audit = await h.core.logs.list({ limit: 5 });
    expect(audit[0]).toMatchObject({ job: 'pricing', actor: `slack:${ADMIN}` });
  });

  it('shows the table of zones × currencies with 0 as not offered', async () => {
    await h.ask('pricing set com EUR 45');
    await h.ask('pricing set net USD 0');
    const reply = await h.ask('pricing');
    const text = textOf(reply);
    expect(text).toMatch(/```\nzone\s+EUR\s+USD\n\.com\s+45\.00\s+55\.00\n\.net\s+–\s+off\n```/);
    expect(text).toMatch(/2 zone\(s\) in 2 currencies/);
    expect(text).toMatch(/Holds already taken keep the amount/);
    expect(buttonsOf(reply)).toEqual([]);
  });

  it('sets the Backorder Lite price with `lite AMOUNT`, keeps it when only the price changes, and shows it', async () => {
    const set = textOf(await h.ask('pricing set net USD 30 lite 18.50'));
    expect(set).toMatch(
      /price of \*\.net\* in USD is now \*30\.00 USD\* \(was not offered\)\. Backorder Lite: \*18\.50 USD\* \(was not offered\)\./,
    );
    expect(textOf(await h.ask('pricing set net USD 32'))).not.toMatch(/Lite/);
    expect(await h.core.pricing.get('net', 'USD', 'lite')).toBe(1850n);
    expect(textOf(await h.ask('pricing'))).toMatch(/\.net\s+–\s+32\.00 · L 18\.50\n/);
    expect(textOf(await h.ask('pricing'))).toMatch(/L = the Backorder Lite price/);
    expect(textOf(await h.ask('pricing set net USD 32 LITE 0'))).toMatch(
      /Backorder Lite: \*not offered\* \(was 18\.50 USD\)/,
    );
    expect(await h.core.pricing.get('net', 'USD', 'lite')).toBeNull();
    expect(textOf(await h.ask('pricing set net USD 32 lite'))).toMatch(
      /AMOUNT is missing\.\nUsage: `\/backorder pricing set ZONE CURRENCY AMOUNT \[lite AMOUNT\]`/,
    );
    expect(textOf(await h.ask('pricing set net USD 32 lite x'))).toMatch(/AMOUNT "x" is not an amount/);
    expect(textOf(await h.ask('pricing set net USD 32 lite 5 more'))).toMatch(/unexpected words: more/);
    expect(textOf(await h.ask('pricing set net USD 0'))).toMatch(/now \*not offered\*/);
  });

  it('deletes a price in one currency or in all, and says when there was nothing', async () => {
    expect(textOf(await h.ask('pricing delete com EUR'))).toMatch(/Deleted 1 price\(s\) of \*\.com\* in EUR/);
    expect(textOf(await h.ask('pricing delete com EUR'))).toMatch(
      /There was no price for \*\.com\* in EUR: nothing changed/,
    );
    expect(textOf(await h.ask('pricing delete net'))).toMatch(/Deleted 1 price\(s\) of \*\.net\*/);
    expect((await h.core.pricing.list()).map((p) => `${p.zone}/${p.currency}`)).toEqual(['com/USD']);
  });

  it('explains malformed arguments with the usage line', async () => {
    expect(textOf(await h.ask('pricing set com USD'))).toMatch(
      /AMOUNT is missing\.\nUsage: `\/backorder pricing set ZONE CURRENCY AMOUNT \[lite AMOUNT\]`/,
    );
    expect(textOf(await h.ask('pricing set com dollars 5'))).toMatch(
      /CURRENCY "dollars" is not a three-letter code/,
    );
    expect(textOf(await h.ask('pricing set com USD 5,123'))).toMatch(/more than 2 decimal places for USD/);
    expect(textOf(await h.ask('pricing set com USD -5'))).toMatch(/AMOUNT "-5" is not an amount/);
    expect(textOf(await h.ask('pricing set com XXY 5'))).toMatch(/"XXY" is not an ISO 4217 currency code/);
    expect(textOf(await h.ask('pricing set com USD 5 extra'))).toMatch(/unexpected words: extra/);
    expect(textOf(await h.ask('pricing frobnicate'))).toMatch(/"frobnicate" is not a pricing sub-command/);
    expect(await h.core.pricing.get('com', 'USD')).toBe(5500n);
  });

  it('pages a long table: every page within Slack’s limits, Next and Previous buttons re-run the command', async () => {
    const currencies = ['USD', 'EUR', 'GBP', 'CHF', 'JPY', 'AUD', 'CAD', 'SEK'];
    // seeded in one statement: a thousand audited price changes would only slow the test down
    await h.core.db.prisma.price.createMany({
      data: Array.from({ length: 130 }, (_, i) =>
        currencies.map((currency) => ({
          zone: `zone${String(i).padStart(3, '0')}.example`,
          currency,
          amount: 100_000n + BigInt(i),
        })),
      ).flat(),
    });
    const page1 = await h.ask('pricing');
    expectWithinLimits(page1);
    expect(textOf(page1)).toMatch(/131 zone\(s\) in 8 currencies .* · page 1 of 4/);
    expect(buttonsOf(page1).map((b) => b.text.text)).toEqual(['Page 2 ▶']);
    const page2 = await h.click(buttonNamed(page1, /Page 2/));
    expect(page2.replace_original).toBe(true);
    expectWithinLimits(page2);
    expect(textOf(page2)).toMatch(/page 2 of 4/);
    expect(textOf(page2)).toContain('.zone040.example');
    expect(textOf(page2)).not.toContain('.zone000.example');
    expect(buttonsOf(page2).map((b) => b.text.text)).toEqual(['◀ Page 1', 'Page 3 ▶']);
    const last = await h.ask('pricing page 99');
    expect(textOf(last)).toMatch(/page 4 of 4/);
    expect(buttonsOf(last).map((b) => b.text.text)).toEqual(['◀ Page 3']);
  });
});
