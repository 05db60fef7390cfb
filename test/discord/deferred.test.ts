import { beforeAll, describe, expect, it } from 'vitest';
import { APP_ID, type App, LIST, seedPrices, startApp, str, textOf } from './harness.ts';

// A command slower than the reply budget: Discord gets "thinking…" within its 3 seconds and the
// reply arrives through the REST API (discord.js against the fake) once it is ready. A budget of
// 0 ms makes every command take this path.

let app: App;
beforeAll(async () => {
  app = await startApp({ replyWithinMs: 0 });
  await seedPrices(app.core);
  await app.importList(LIST);
});

const routed = (route: string) => app.fake.messages.filter((m) => m.route === route);

describe('deferred replies', () => {
  it('defers a public command, then puts the reply in place of "thinking…"', async () => {
    const { json, token } = await app.invoke('drops', [str('keyword', 'shop')]);
    expect(json).toEqual({ type: 5, data: {} });
    await app.fake.waitFor(() => routed(`original:${APP_ID}/${token}`).length === 1);
    const [edit] = routed(`original:${APP_ID}/${token}`);
    expect(textOf(edit!.body)).toContain('**Dropping soon, best first** (keyword “shop”): 4 names');
    expect(edit!.body.allowed_mentions).toEqual({ parse: [] });
    // the follow-up went without the bot token: the interaction token is its credential
    const call = app.fake.calls.find((c) => c.method === 'PATCH' && c.path.includes(token));
    expect(call?.headers.authorization).toBeUndefined();
  });

  it('defers an ephemeral command as ephemeral', async () => {
    const { json, token } = await app.invoke('alerts', [{ name: 'list', type: 1, options: [] }]);
    expect(json).toEqual({ type: 5, data: { flags: 64 } });
    await app.fake.waitFor(() => routed(`original:${APP_ID}/${token}`).length === 1);
    expect(textOf(routed(`original:${APP_ID}/${token}`)[0]!.body)).toContain('no alert rules');
  });

  it('replaces a public "thinking…" by a refusal only the member sees', async () => {
    const { json, token } = await app.invoke('price', [str('zone', 'not a zone')]);
    expect(json).toEqual({ type: 5, data: {} });
    await app.fake.waitFor(() => routed(`webhook:${APP_ID}/${token}`).length === 1);
    expect(routed(`deleted:${APP_ID}/${token}`)).toHaveLength(1);
    expect(routed(`original:${APP_ID}/${token}`)).toHaveLength(0);
    const [followUp] = routed(`webhook:${APP_ID}/${token}`);
    expect(followUp!.body.flags).toBe(64);
    expect(textOf(followUp!.body)).toContain('does not end in a valid zone');
  });

  it('has sent every late reply when it stops', async () => {
    const { token } = await app.invoke('upcoming');
    await app.bot.stop();
    expect(routed(`original:${APP_ID}/${token}`)).toHaveLength(1);
  });
});
