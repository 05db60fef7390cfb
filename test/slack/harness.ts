import { createHmac } from 'node:crypto';
import { afterAll, expect } from 'vitest';
import type { StartedBot } from '../../bots/bot.ts';
import { EVENTS_PATH, slackBot } from '../../bots/slack/index.ts';
import { createHttpServer } from '../../src/http/server.ts';
import { type Core, createCore, fixedClock, loadConfig, silentLogger } from '../../src/index.ts';
import { createMetrics } from '../../src/prometheus.ts';
import { createRegistrar } from '../../src/registrar/create-registrar.ts';
import { type FakeSlack, startFakeSlack } from '../fakes/slack-api.ts';
import { freshDb } from '../helpers/db.ts';

// The staff app as the service runs it: a real core on a fresh database, the project's HTTP server
// on a free port with Bolt mounted at POST /slack/events, Bolt's clients talking to the loopback
// fake Slack, and requests signed with the signing secret exactly as Slack signs them.

export const T0 = new Date('2026-12-01T09:00:00Z');
export const SECRET = 'test-signing-secret';
export const ADMIN = 'UADMIN1';
export const OTHER_ADMIN = 'UADMIN2';
export const OUTSIDER = 'UOUTSIDER';
export const ALERTS = 'CALERTS';

/** Slack's JSON as the fake received it: the tests read into it freely. */
export type Json = Record<string, any>;

export interface SlackReply {
  text: string;
  blocks: Json[];
  replace_original?: boolean;
  response_type?: string;
}

export interface Harness {
  core: Core;
  fake: FakeSlack;
  bot: StartedBot;
  clock: ReturnType<typeof fixedClock>;
  url: string;
  /** a signed POST of a raw body; `timestamp` defaults to the clock's now */
  post(
    body: string,
    opts?: { timestamp?: number; signature?: string; contentType?: string },
  ): Promise<Response>;
  /** `/backorder text` as `user`: the HTTP answer (the ack) and the response_url it carried */
  command(text: string, user?: string): Promise<{ status: number; ack: string; responseId: string }>;
  /** `/backorder text` and the reply that follows through response_url */
  ask(text: string, user?: string): Promise<SlackReply>;
  /** a click on a button of a reply, and what was posted back to that reply's response_url */
  click(button: Json, user?: string): Promise<SlackReply>;
  /** the reply posted to one response_url */
  responseTo(id: string): Promise<SlackReply>;
}

export function sign(body: string, timestamp: number, secret = SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

let triggers = 0;

export async function startSlack(env: Record<string, string> = {}): Promise<Harness> {
  const fake = await startFakeSlack();
  const db = await freshDb();
  const config = loadConfig({
    DATABASE_URL: db.url,
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    SLACK_ADMIN_USER_IDS: `${ADMIN}, ${OTHER_ADMIN}`,
    SLACK_ALERT_CHANNEL: ALERTS,
    SLACK_CREDIT_CONFIRM_ABOVE: '500',
    ...env,
  });
  const clock = fixedClock(T0);
  const registrar = createRegistrar({ config, clock, log: silentLogger });
  const core = createCore({ config, db, clock, log: silentLogger, metrics: createMetrics(), registrar });
  const http = createHttpServer({ host: '127.0.0.1', port: 0, log: silentLogger });
  const bot = await slackBot.start({ core, config, log: silentLogger, http });
  const { port } = await http.listen();
  afterAll(async () => {
    await bot.stop();
    await http.close();
    await fake.close();
  });
  const url = `http://127.0.0.1:${port}${EVENTS_PATH}`;

  const post: Harness['post'] = (body, opts = {}) => {
    const timestamp = opts.timestamp ?? Math.floor(clock.now().getTime() / 1000);
    return fetch(url, {
      method: 'POST',
      headers: {
        'content-type': opts.contentType ?? 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': opts.signature ?? sign(body, timestamp),
      },
      body,
    });
  };

  const responseTo = async (id: string): Promise<SlackReply> => {
    await fake.waitFor(() => fake.responses.some((r) => r.id === id));
    return fake.responses.find((r) => r.id === id)!.body as unknown as SlackReply;
  };

  const command: Harness['command'] = async (text, user = ADMIN) => {
    const responseUrl = fake.responseUrl();
    const body = new URLSearchParams({
      token: 'legacy-verification-token',
      team_id: 'T1',
      team_domain: 'reseller',
      channel_id: 'C0STAFF',
      channel_name: 'staff',
      user_id: user,
      user_name: `name-${user}`,
      command: '/backorder',
      text,
      api_app_id: 'A1',
      response_url: responseUrl,
      trigger_id: `trigger.${++triggers}`,
    }).toString();
    const res = await post(body);
    return { status: res.status, ack: await res.text(), responseId: responseUrl.split('/').pop()! };
  };

  return {
    core,
    fake,
    bot,
    clock,
    url,
    post,
    command,
    responseTo,
    async ask(text, user = ADMIN) {
      const r = await command(text, user);
      expect(r.status).toBe(200);
      return responseTo(r.responseId);
    },
    async click(button, user = ADMIN) {
      const responseUrl = fake.responseUrl();
      const payload = {
        type: 'block_actions',
        user: { id: user, username: `name-${user}`, name: `name-${user}`, team_id: 'T1' },
        api_app_id: 'A1',
        token: 'legacy-verification-token',
        container: {
          type: 'message',
          message_ts: '1700000000.000100',
          channel_id: 'C0STAFF',
          is_ephemeral: true,
        },
        trigger_id: `trigger.${++triggers}`,
        team: { id: 'T1', domain: 'reseller' },
        channel: { id: 'C0STAFF', name: 'staff' },
        response_url: responseUrl,
        actions: [
          {
            action_id: button.action_id,
            block_id: 'b1',
            text: button.text,
            value: button.value,
            type: 'button',
            action_ts: '1700000001.000200',
          },
        ],
      };
      const res = await post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
      expect(res.status).toBe(200);
      return responseTo(responseUrl.split('/').pop()!);
    },
  };
}

/** All the text a staff member reads in a reply, joined. */
export function textOf(reply: SlackReply): string {
  const parts: string[] = [];
  for (const b of reply.blocks ?? []) {
    if (b.text?.text) parts.push(b.text.text);
    for (const e of b.elements ?? [])
      if (e.text) parts.push(typeof e.text === 'string' ? e.text : e.text.text);
  }
  return parts.join('\n');
}

/** The buttons of a reply: in actions blocks and beside sections. */
export const buttonsOf = (reply: SlackReply): Json[] =>
  (reply.blocks ?? []).flatMap((b) => (b.type === 'actions' ? b.elements : b.accessory ? [b.accessory] : []));

export const buttonNamed = (reply: SlackReply, label: RegExp) => {
  const b = buttonsOf(reply).find((e) => label.test(e.text.text));
  if (!b)
    throw new Error(`no button ${label} in ${JSON.stringify(buttonsOf(reply).map((e) => e.text.text))}`);
  return b;
};

/** Every text in the blocks, added up as Slack does for msg_blocks_too_long. */
function totalText(v: unknown): number {
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + totalText(x), 0);
  if (!v || typeof v !== 'object') return 0;
  let n = 0;
  for (const [k, x] of Object.entries(v))
    n += k === 'text' && typeof x === 'string' ? x.length : totalText(x);
  return n;
}

/** Slack's limits, checked on a reply as Slack checks them. */
export function expectWithinLimits(reply: SlackReply): void {
  expect(reply.blocks.length).toBeLessThanOrEqual(50);
  expect(totalText(reply.blocks)).toBeLessThanOrEqual(12_000);
  for (const b of reply.blocks) {
    if (b.type === 'section') expect(b.text.text.length).toBeLessThanOrEqual(3000);
    if (b.accessory) expect(b.accessory.value.length).toBeLessThanOrEqual(2000);
    if (b.type === 'header') expect(b.text.text.length).toBeLessThanOrEqual(150);
    if (b.type === 'actions') {
      expect(b.elements.length).toBeLessThanOrEqual(25);
      expect(new Set(b.elements.map((e: Json) => e.action_id)).size).toBe(b.elements.length);
      for (const e of b.elements) {
        expect(e.text.text.length).toBeLessThanOrEqual(75);
        expect(e.value.length).toBeLessThanOrEqual(2000);
      }
    }
  }
}
