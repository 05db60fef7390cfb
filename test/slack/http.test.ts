import { describe, expect, it, vi } from 'vitest';
import { ADMIN, OUTSIDER, sign, startSlack, textOf } from './harness.ts';

// The door: request verification on the project's HTTP server, the answer within Slack's 3 s, and
// who may come in. Everything here goes over real HTTP through real Bolt.

const h = await startSlack();

const slash = (text: string, user = ADMIN) =>
  new URLSearchParams({
    command: '/backorder',
    text,
    user_id: user,
    team_id: 'T1',
    channel_id: 'C1',
    response_url: h.fake.responseUrl(),
    trigger_id: 't.1',
  }).toString();

describe('request verification', () => {
  it('accepts a correctly signed request', async () => {
    const r = await h.command('help');
    expect(r.status).toBe(200);
    await h.responseTo(r.responseId);
  });

  it('refuses a bad signature with 401 and runs nothing', async () => {
    const before = h.fake.responses.length;
    const body = slash('pricing set com USD 1');
    const now = Math.floor(h.clock.now().getTime() / 1000);
    const res = await h.post(body, { signature: sign(body, now, 'some-other-secret') });
    expect(res.status).toBe(401);
    const tampered = await h.post(body.replace('USD', 'EUR'), { signature: sign(body, now) });
    expect(tampered.status).toBe(401);
    await new Promise((r) => setTimeout(r, 100));
    expect(h.fake.responses.length).toBe(before);
    expect(await h.core.pricing.list()).toEqual([]);
  });

  it('refuses a request signed more than 5 minutes ago, or ahead, with 401', async () => {
    const now = Math.floor(h.clock.now().getTime() / 1000);
    expect((await h.post(slash('help'), { timestamp: now - 5 * 60 - 1 })).status).toBe(401);
    expect((await h.post(slash('help'), { timestamp: now + 5 * 60 + 1 })).status).toBe(401);
    // just inside the window is fine
    const inside = slash('help');
    expect((await h.post(inside, { timestamp: now - 5 * 60 + 5 })).status).toBe(200);
    await h.responseTo(new URLSearchParams(inside).get('response_url')!.split('/').pop()!);
  });

  it('refuses a request without signature headers', async () => {
    const res = await fetch(h.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: slash('help'),
    });
    expect(res.status).toBe(401);
  });

  it('answers the Events API URL check and Slack’s SSL check', async () => {
    const body = JSON.stringify({ type: 'url_verification', challenge: 'c-123', token: 'x' });
    const res = await h.post(body, { contentType: 'application/json' });
    expect(await res.json()).toEqual({ challenge: 'c-123' });
    const ssl = await fetch(h.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'ssl_check=1&token=x',
    });
    expect(ssl.status).toBe(200);
  });

  it('acknowledges at once and answers through response_url', async () => {
    const started = Date.now();
    const r = await h.command('help');
    expect(r.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(3000);
    const reply = await h.responseTo(r.responseId);
    expect(reply.response_type).toBe('ephemeral');
  });
});

describe('start-up', () => {
  it('calls nothing at Slack while starting (no auth.test), so an unreachable Slack cannot stop the service', async () => {
    expect(h.fake.calls.filter((c) => c.method === 'auth.test')).toEqual([]);
    const offline = await startSlack({ SLACK_API_URL: 'http://127.0.0.1:9/api/' });
    expect(offline.bot.summary).toMatch(/HTTP at POST \/slack\/events/);
    // and commands still work: they need nothing from the Web API
    expect(textOf(await offline.ask('help'))).toMatch(/pricing/);
  });
});

describe('who may use it', () => {
  it('refuses someone outside SLACK_ADMIN_USER_IDS politely, right in the ack, and audits the attempt', async () => {
    const r = await h.command('credit 1 1000 USD', OUTSIDER);
    expect(r.status).toBe(200);
    expect(JSON.parse(r.ack).text).toMatch(/only for the reseller's staff/);
    const refusal = await vi.waitFor(async () => {
      const found = (await h.core.logs.list({ limit: 10 })).find((l) => l.actor === `slack:${OUTSIDER}`);
      if (!found) throw new Error('no audit row yet');
      return found;
    });
    expect(refusal).toMatchObject({ level: 'error', job: 'slack' });
    expect(refusal!.message).toMatch(/refused \/backorder credit 1 1000 USD/);
    expect(h.fake.responses.find((x) => x.id === r.responseId)).toBeUndefined();
  });

  it('refuses an outsider’s button click too, changing nothing', async () => {
    const reply = await h.click({ action_id: 'bo.credit.yes', text: { text: 'x' }, value: '{}' }, OUTSIDER);
    expect(textOf(reply)).toMatch(/only for the reseller's staff/);
    expect(reply.replace_original).toBe(false);
    await vi.waitFor(async () => {
      const logs = await h.core.logs.list({ limit: 10 });
      expect(
        logs.some((l) => l.actor === `slack:${OUTSIDER}` && /button bo\.credit\.yes/.test(l.message)),
      ).toBe(true);
    });
  });
});

describe('sub-commands', () => {
  it('lists every sub-command with examples on help and on an empty command', async () => {
    for (const text of ['help', '']) {
      const all = textOf(await h.ask(text));
      for (const sub of [
        'help',
        'pricing',
        'pricing set',
        'pricing delete',
        'score',
        'manage',
        'show',
        'cancel',
        'logs',
        'customers',
        'credit',
        'stats',
        'import',
        'jobs',
      ]) {
        expect(all).toContain(`/backorder ${sub}`);
      }
      expect(all).toMatch(/e\.g\. `\/backorder credit 12 50\.00 USD/);
    }
  });

  it('narrows help to one sub-command', async () => {
    const one = textOf(await h.ask('help credit'));
    expect(one).toContain('/backorder credit CUSTOMER AMOUNT CURRENCY [note]');
    expect(one).not.toContain('/backorder pricing');
    expect(textOf(await h.ask('help nothing'))).toMatch(
      /There is no sub-command "nothing"; here is the whole list/,
    );
  });

  it('answers an unknown sub-command with the nearest one', async () => {
    expect(textOf(await h.ask('pricng'))).toMatch(
      /don't know the sub-command "pricng"\. Did you mean `pricing`\?/,
    );
    expect(textOf(await h.ask('frobnicate'))).toMatch(/Type `\/backorder help` for the list/);
  });
});
