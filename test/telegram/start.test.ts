import { beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../bots/telegram/menu.ts';
import { DE, EN, expectSendable, type Harness, startTelegram, type User, visible } from './harness.ts';

// First contact, help, language and the answers to everything the bot does not understand, in
// English and German, through the webhook exactly as Telegram posts updates.

let h: Harness;
beforeAll(async () => {
  h = await startTelegram();
});

const identity = (user: User) =>
  h.core.db.prisma.identity.findUnique({
    where: { platform_externalId: { platform: 'telegram', externalId: String(user.id) } },
    include: { customer: true },
  });

describe('/start', () => {
  it('creates the account in the language of the app, explains backorders in three lines and shows the menu', async () => {
    const r = await h.send('/start', EN);
    expectSendable(r);
    expect(r.replies).toHaveLength(1);
    const text = visible(r.text);
    expect(text).toContain('Welcome, Ann');
    expect(text).toMatch(/backorder.*drops\.\n.*free.*only if we catch.*\n.*held.*3 days before the drop/);
    expect(h.buttons(r.replies[0]!).map((b) => b.callback_data)).toEqual([
      'm:search',
      'm:mine',
      'm:balance',
      'm:topup',
      'm:prices',
      'm:watch',
      'm:profile',
      'm:language',
      'm:help',
    ]);
    const id = await identity(EN);
    expect(id?.customer).toMatchObject({ language: 'en', currency: 'USD', name: 'Ann' });
    expect(id?.address).toBe(String(EN.id));
  });

  it('speaks German to a German app, and a second /start keeps the one account', async () => {
    const r = await h.send('/start', DE);
    expect(visible(r.text)).toContain('Willkommen, Dora');
    expect(visible(r.text)).toContain('Backorder');
    expect(h.buttons(r.replies[0]!)[0]!.text).toBe('🔎 Suchen');
    await h.send('/start', DE);
    expect(await h.core.db.prisma.identity.count({ where: { externalId: String(DE.id) } })).toBe(1);
    expect((await identity(DE))?.customer.language).toBe('de');
  });

  it('falls back to the default language for an app language we do not speak', async () => {
    const fr = { id: 1003, first_name: 'Fleur', language_code: 'fr' };
    const r = await h.send('/start', fr);
    expect(visible(r.text)).toContain('Welcome, Fleur');
    expect((await identity(fr))?.customer.language).toBe('en');
  });
});

describe('set-up with Telegram', () => {
  it('registers the webhook with its secret and the command menu in English and German', async () => {
    await h.fake.waitFor(() => h.fake.callsTo('setMyCommands').length >= 3);
    expect(h.fake.webhook).toEqual({
      url: 'https://bot.example.com/telegram/webhook',
      secret_token: 'webhook-secret_1',
    });
    const menus = h.fake.callsTo('setMyCommands').map((c) => c.params);
    const byLang = (lang: string | undefined) => menus.find((p) => p.language_code === lang)?.commands;
    expect(byLang(undefined)?.map((c: { command: string }) => c.command)).toEqual(COMMANDS.map(([c]) => c));
    expect(byLang('en')?.find((c: { command: string }) => c.command === 'search').description).toBe(
      'Search names that are about to drop',
    );
    expect(byLang('de')?.find((c: { command: string }) => c.command === 'search').description).toMatch(
      /Namen/,
    );
  });
});

describe('/help and the menu', () => {
  it('lists every command and the filter syntax', async () => {
    const r = await h.send('/help', EN);
    expectSendable(r);
    for (const [command] of COMMANDS) expect(r.text).toContain(`/${command} – `);
    expect(visible(r.text)).toContain('len<=6');
  });

  it('German help', async () => {
    const r = await h.send('/help', DE);
    expect(visible(r.text)).toContain('Suchfilter');
  });

  it('every menu button opens its view, in English and German', async () => {
    const expected: Record<string, [RegExp, RegExp]> = {
      search: [/Find names that are about to drop/, /Namen finden, die bald frei werden/],
      mine: [/You have no backorders yet/, /Sie haben noch keine Backorders/],
      balance: [/Your account/, /Ihr Konto/],
      topup: [/To top up, transfer/, /Zum Aufladen überweisen Sie/],
      prices: [/No zones are offered yet/, /Noch werden keine Zonen angeboten/],
      watch: [/You have no alerts yet/, /Sie haben noch keine Alarme/],
      profile: [/The registrar needs your details/, /Der Registrar braucht Ihre Angaben/],
      language: [/Which language do you want/, /Welche Sprache möchten Sie/],
      help: [/What I can do/, /Was ich kann/],
    };
    for (const [user, lang] of [
      [EN, 0],
      [DE, 1],
    ] as const) {
      for (const [item, words] of Object.entries(expected)) {
        const r = await h.press(`m:${item}`, user);
        expectSendable(r);
        expect(r.answers, item).toHaveLength(1);
        expect(visible(r.text), item).toMatch(words[lang]);
      }
      // the profile question the menu started is dropped by the next button
      await h.press('m:help', user);
    }
  });

  it('a menu button opens its view in a new message and is answered', async () => {
    const start = await h.send('/start', EN);
    const r = await h.press('m:prices', EN, start.replies[0]);
    expect(r.answers).toHaveLength(1);
    expect(r.replies).toHaveLength(1);
    expect(r.replies[0]!.messageId).not.toBe(start.replies[0]!.messageId);
    expect(visible(r.text)).toContain('No zones are offered yet');
  });
});

describe('/language', () => {
  it('offers both languages and switches with a button, menu of the chat included', async () => {
    const user = { id: 1010, first_name: 'Lars', language_code: 'en' };
    const r = await h.send('/language', user);
    expect(h.buttons(r.replies[0]!).map((b) => b.callback_data)).toEqual(['lang:en', 'lang:de']);
    const switched = await h.press('lang:de', user);
    expect(visible(switched.text)).toBe('✅ Ab jetzt spreche ich Deutsch mit Ihnen.');
    expect(switched.answers[0]?.text).toBe('✅ Ab jetzt spreche ich Deutsch mit Ihnen.');
    expect((await identity(user))?.customer.language).toBe('de');
    const chatMenu = h.fake.callsTo('setMyCommands').find((c) => c.params.scope?.chat_id === user.id);
    expect(
      chatMenu?.params.commands.find((c: { command: string }) => c.command === 'help').description,
    ).toMatch(/Hilfe/);
    expect(visible((await h.send('/help', user)).text)).toContain('Was ich kann');
  });

  it('/language en switches back directly', async () => {
    const user = { id: 1011, first_name: 'Lena', language_code: 'de' };
    const r = await h.send('/language en', user);
    expect(visible(r.text)).toContain('I will speak English');
    expect((await identity(user))?.customer.language).toBe('en');
  });
});

describe('what the bot does not understand', () => {
  it('an unknown command gets a pointer to /help', async () => {
    const r = await h.send('/frobnicate now', EN);
    expect(visible(r.text)).toBe('I do not know the command /frobnicate. /help lists what I can do.');
  });

  it('a bare domain name offers to backorder it or search similar names', async () => {
    const r = await h.send('Example.COM', EN);
    expect(visible(r.text)).toContain('backorder example.com');
    expect(h.buttons(r.replies[0]!).map((b) => b.callback_data)).toEqual(['bo:example.com', 's:example']);
  });

  it('other text and non-text messages get a short answer with the menu', async () => {
    const r = await h.send('hello there', DE);
    expect(visible(r.text)).toContain('Das habe ich nicht verstanden');
    expect(h.buttons(r.replies[0]!)).toHaveLength(9);
    const sticker = await h.deliver(
      {
        message: {
          message_id: 99_001,
          date: 0,
          chat: { id: EN.id, type: 'private', first_name: 'Ann' },
          from: { ...EN, is_bot: false },
          sticker: {
            file_id: 'x',
            file_unique_id: 'y',
            type: 'regular',
            width: 1,
            height: 1,
            is_animated: false,
            is_video: false,
          },
        },
      },
      EN,
    );
    expect(visible(sticker.text)).toContain('I did not understand that');
  });

  it('a button no handler knows is answered as expired', async () => {
    const r = await h.press('zz:whatever', EN);
    expect(r.answers).toEqual([
      expect.objectContaining({ text: 'This button has expired. Please run the command again.' }),
    ]);
    expect(r.replies).toHaveLength(0);
  });

  it('a button with data that does not validate is refused in words, and answered', async () => {
    const r = await h.press('bd:not-a-number', EN);
    expect(r.answers).toHaveLength(1);
    expect(visible(r.text)).toBe('This button has expired. Please run the command again.');
  });

  it('in a group, commands get a pointer to a private chat and nothing private', async () => {
    const before = h.fake.messages.length;
    const res = await h.post(
      JSON.stringify({
        update_id: 777_001,
        message: {
          message_id: 5,
          date: 0,
          chat: { id: -100123, type: 'supergroup', title: 'Domainers' },
          from: { ...EN, is_bot: false },
          text: '/balance',
          entities: [{ type: 'bot_command', offset: 0, length: 8 }],
        },
      }),
    );
    expect(res.status).toBe(200);
    const sent = h.fake.messages.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.chatId).toBe('-100123');
    expect(visible(sent[0]!.text)).toContain('private chat');
  });
});
