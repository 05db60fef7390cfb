import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeDiscord, startFakeDiscord } from '../fakes/discord-api.ts';
import { runCliHere } from '../helpers/cli.ts';
import { APP_ID, GUILD_ID } from './harness.ts';

// `backorder discord register` puts the slash commands in place with discord.js's REST, as built
// by discord.js's builders, in one server (testing) or globally (production).

let fake: FakeDiscord;
beforeAll(async () => {
  fake = await startFakeDiscord();
  // the CLI reads its configuration from the environment, as it does in production
  process.env.DISCORD_APPLICATION_ID = APP_ID;
  process.env.DISCORD_BOT_TOKEN = 'bot-token';
  process.env.DISCORD_API_URL = fake.api;
});
afterAll(async () => {
  delete process.env.DISCORD_APPLICATION_ID;
  delete process.env.DISCORD_BOT_TOKEN;
  delete process.env.DISCORD_API_URL;
  await fake.close();
});

const cli = (args: string[]) => runCliHere(args);

describe('backorder discord register', () => {
  it('registers the commands in one server', async () => {
    const r = await cli(['discord', 'register', '--guild', GUILD_ID]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      `registered /drops, /upcoming, /price, /alerts, /link, /unlink, /backorder, /mybackorders, /help in server ${GUILD_ID}`,
    );
    const [put] = fake.callsTo(`/applications/${APP_ID}/guilds/${GUILD_ID}/commands`);
    expect(put?.method).toBe('PUT');
    expect(put?.headers.authorization).toBe('Bot bot-token');
    const byName = Object.fromEntries((put!.body as Array<{ name: string }>).map((c) => [c.name, c]));
    expect(Object.keys(byName)).toEqual([
      'drops',
      'upcoming',
      'price',
      'alerts',
      'link',
      'unlink',
      'backorder',
      'mybackorders',
      'help',
    ]);
    expect(byName.drops).toMatchObject({
      options: [
        { name: 'keyword', type: 3 },
        { name: 'zone', type: 3 },
        { name: 'max_length', type: 4, min_value: 1, max_value: 63 },
        { name: 'min_score', type: 4, min_value: 0, max_value: 100 },
      ],
    });
    expect(byName.price).toMatchObject({ options: [{ name: 'zone', type: 3, required: true }] });
    // hidden from members without Manage Server (0x20) by default; the endpoint checks again
    expect(byName.alerts).toMatchObject({
      default_member_permissions: '32',
      contexts: [0],
      options: [
        { name: 'add', type: 1 },
        { name: 'list', type: 1 },
        { name: 'remove', type: 1 },
      ],
    });
    // a linked customer's own commands
    expect(byName.link).toMatchObject({ options: [{ name: 'code', type: 3, required: true }] });
    expect(byName.unlink).toMatchObject({ options: [] });
    expect(byName.backorder).toMatchObject({
      options: [
        { name: 'name', type: 3, required: true, max_length: 253 },
        { name: 'lite', type: 5 },
      ],
    });
    expect(byName.mybackorders).toMatchObject({
      options: [
        {
          name: 'status',
          type: 3,
          choices: expect.arrayContaining([{ name: 'requested', value: 'REQUESTED' }]),
        },
        { name: 'page', type: 4, min_value: 1 },
      ],
    });
  });

  it('registers globally without --guild, and reports machine-readably with --json', async () => {
    const r = await cli(['discord', 'register', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({
      scope: 'global',
      items: [
        { name: 'drops' },
        { name: 'upcoming' },
        { name: 'price' },
        { name: 'alerts' },
        { name: 'link' },
        { name: 'unlink' },
        { name: 'backorder' },
        { name: 'mybackorders' },
        { name: 'help' },
      ],
    });
    expect(fake.callsTo(`/applications/${APP_ID}/commands`)).toHaveLength(1);
  });

  it('refuses a guild id that is not one', async () => {
    const r = await cli(['discord', 'register', '--guild', 'my-server']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--guild must be a server id');
  });
});
