import { beforeAll, describe, expect, it } from 'vitest';
import { DE, EN, expectSendable, type Harness, startTelegram, type User, visible } from './harness.ts';

// /profile: the registrant contact, asked one field at a time and checked with the registrar's
// rules at each step, saved once complete, and editable one field at a time afterwards.

let h: Harness;
beforeAll(async () => {
  h = await startTelegram();
});

const contactOf = async (user: User) => {
  const identity = await h.core.db.prisma.identity.findUniqueOrThrow({
    where: { platform_externalId: { platform: 'telegram', externalId: String(user.id) } },
    include: { customer: true },
  });
  return identity.customer.contact ? JSON.parse(identity.customer.contact) : null;
};

describe('/profile step by step', () => {
  it('asks each field in turn, refuses what the registrar would refuse, skips optional ones, then saves', async () => {
    const start = await h.send('/profile', EN);
    expectSendable(start);
    expect(start.replies).toHaveLength(2);
    expect(visible(start.replies[0]!.text)).toContain('The registrar needs your details');
    expect(visible(start.replies[1]!.text)).toBe('Step 1 of 10\nYour first name?');
    expect(h.buttons(start.replies[1]!).map((b) => b.callback_data)).toEqual(['pq:stop']);

    expect(visible((await h.send('Max', EN)).text)).toBe('Step 2 of 10\nYour last name?');
    const org = await h.send('Muster', EN);
    expect(visible(org.text)).toMatch(/^Step 3 of 10\nYour organization/);
    expect(h.buttons(org.replies[0]!).map((b) => b.callback_data)).toEqual(['ps:organization', 'pq:stop']);
    const street = await h.press('ps:organization', EN, org.replies[0]);
    expect(street.answers).toHaveLength(1);
    expect(visible(street.text)).toBe('Step 4 of 10\nYour street and house number?');
    await h.send('Hauptstraße 1 <b>&', EN);
    await h.send('Berlin', EN);
    const state = await h.send('   ', EN);
    // an empty answer to an optional field is the same as leaving it empty
    expect(visible(state.text)).toBe('Step 7 of 10\nYour postcode?');
    await h.send('10115', EN);
    const badCountry = await h.send('XX', EN);
    expect(visible(badCountry.text)).toBe(
      'That is not a country code: two letters, e.g. DE, AT, CH or US.\nYour country, as a two-letter code, e.g. DE or US?',
    );
    expect(visible((await h.send('de', EN)).text)).toMatch(/^Step 9 of 10\nYour phone number/);
    expect(visible((await h.send('0301234567', EN)).text)).toMatch(/^That phone number cannot be used/);
    expect(visible((await h.send('+49.30 123-4567', EN)).text)).toBe('Step 10 of 10\nYour email address?');
    expect(visible((await h.send('not-an-email', EN)).text)).toMatch(/^That is not an email address\./);
    const saved = await h.send('max@example.com', EN);
    expectSendable(saved);
    expect(visible(saved.text)).toContain('✅ Saved.');
    expect(visible(saved.text)).toContain('Street: Hauptstraße 1 <b>&');
    expect(visible(saved.text)).toContain('Organization: –');
    expect(await contactOf(EN)).toEqual({
      firstName: 'Max',
      lastName: 'Muster',
      street: 'Hauptstraße 1 <b>&',
      city: 'Berlin',
      zip: '10115',
      country: 'DE',
      phone: '+49.301234567',
      email: 'max@example.com',
    });
  });

  it('a saved profile is shown with a button per field; changing one changes only that one', async () => {
    const view = await h.send('/profile', EN);
    expect(visible(view.text)).toContain('First name: Max');
    const data = h.buttons(view.replies[0]!).map((b) => b.callback_data);
    expect(data).toEqual([
      ...[
        'firstName',
        'lastName',
        'organization',
        'street',
        'city',
        'state',
        'zip',
        'country',
        'phone',
        'email',
      ].map((f) => `pe:${f}`),
      'pw:all',
    ]);
    const ask = await h.press('pe:city', EN, view.replies[0]);
    expect(visible(ask.text)).toBe('Send the new value.\nYour city?');
    const saved = await h.send('Hamburg', EN);
    expect(visible(saved.text)).toContain('City: Hamburg');
    expect(await contactOf(EN)).toMatchObject({ city: 'Hamburg', firstName: 'Max', phone: '+49.301234567' });
    await h.press('pe:organization', EN);
    await h.send('Muster GmbH', EN);
    expect(await contactOf(EN)).toMatchObject({ organization: 'Muster GmbH' });
    await h.press('pe:organization', EN);
    await h.press('ps:organization', EN);
    expect((await contactOf(EN)).organization).toBeUndefined();
  });

  it('Stop leaves the saved profile as it was', async () => {
    const before = await contactOf(EN);
    await h.press('pw:all', EN);
    await h.send('Someone', EN);
    const stopped = await h.press('pq:stop', EN);
    expect(visible(stopped.text)).toBe('Stopped. Nothing was saved; /profile starts again.');
    expect(visible((await h.send('Else', EN)).text)).toContain('I did not understand that');
    expect(await contactOf(EN)).toEqual(before);
  });

  it('a command while a question waits drops the question and runs the command', async () => {
    await h.press('pe:zip', EN);
    const balance = await h.send('/balance', EN);
    expect(visible(balance.text)).toContain('Your account');
    await h.send('99999', EN);
    expect((await contactOf(EN)).zip).toBe('10115');
  });

  it('a button of another view drops the question too', async () => {
    await h.press('pe:zip', EN);
    await h.press('m:balance', EN);
    expect(visible((await h.send('99999', EN)).text)).toContain('I did not understand that');
    expect((await contactOf(EN)).zip).toBe('10115');
  });

  it('a Skip button of a question no longer asked is answered as expired', async () => {
    const r = await h.press('ps:state', EN);
    expect(r.answers[0]?.text).toBe('This button has expired. Please run the command again.');
  });

  it('German questions and checks', async () => {
    const r = await h.send('/profile', DE);
    expect(visible(r.replies[1]!.text)).toBe('Schritt 1 von 10\nIhr Vorname?');
    expect(visible((await h.send('x'.repeat(65), DE)).text)).toMatch(
      /^Diesen Vornamen kann ich nicht verwenden/,
    );
  });
});
