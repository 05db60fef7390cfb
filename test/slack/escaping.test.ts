import { describe, expect, it } from 'vitest';
import { buttonNamed, type Json, type SlackReply, startSlack } from './harness.ts';

// Customers choose their names, staff type notes and reasons, registrars write error texts: none of
// it may turn into bold, italics, strike, code, quotes, links or @here pings on a staff screen.

const HOSTILE = '*Bold* _it_ ~st~ `code` @here @channel <!everyone> & co';
const ZW = '\u200b';

const h = await startSlack({ SLACK_CREDIT_CONFIRM_ABOVE: '100' });
const { core } = h;
await core.pricing.set('com', 'USD', 1000n, 'test');
const hostile = await core.customers.create({ name: HOSTILE, currency: 'USD' });
const placed = await core.backorders.place(hostile.id, 'hostile.com');

/** every mrkdwn text object of a reply, as Slack receives it */
function mrkdwnTexts(reply: SlackReply): Json[] {
  const found: Json[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Json;
      if (o.type === 'mrkdwn') found.push(o);
      Object.values(o).forEach(walk);
    }
  };
  walk(reply.blocks);
  return found;
}

/** Slack would render nothing of `text` as markup: the marks are split by zero-width spaces. */
function expectInert(reply: SlackReply, what: string) {
  const texts = mrkdwnTexts(reply);
  expect(texts.length, what).toBeGreaterThan(0);
  for (const t of texts) {
    expect(t.verbatim, what).toBe(true);
    const text = t.text as string;
    expect(text, what).not.toMatch(/\*Bold\*|_it_|~st~|`code`/);
    expect(text, what).not.toMatch(/@(here|channel)|<!/);
  }
  const all = texts.map((t) => t.text).join('\n');
  expect(all, what).toContain(
    `${ZW}*${ZW}Bold${ZW}*${ZW} ${ZW}_${ZW}it${ZW}_${ZW} ${ZW}~${ZW}st${ZW}~${ZW} ${ZW}\`${ZW}code${ZW}\`${ZW} @${ZW}here @${ZW}channel &lt;!everyone&gt; &amp; co`,
  );
}

describe('hostile text on every staff screen', () => {
  it('customers, show, manage', async () => {
    expectInert(await h.ask(`customers ${hostile.id}`), 'customers');
    expectInert(await h.ask(`show ${placed.id}`), 'show');
    expectInert(await h.ask('manage'), 'manage');
  });

  it('the credit confirmation with a hostile note, and a cancel with a hostile reason, then its log', async () => {
    const credit = await h.ask(`credit ${hostile.id} 200 USD ${HOSTILE}`);
    expectInert(credit, 'credit confirmation');
    expectInert(await h.click(buttonNamed(credit, /Credit/)), 'credit done');
    const cancel = await h.ask(`cancel ${placed.id} ${HOSTILE}`);
    expectInert(cancel, 'cancel confirmation');
    await h.click(buttonNamed(cancel, /Cancel backorder/));
    const logs = await h.ask(`logs ${placed.id}`);
    expectInert(logs, 'logs with the reason');
  });

  it('inline code keeps what staff copy as typed, without zero-width spaces', async () => {
    const help = (await h.ask('help')).blocks.map((b) => JSON.stringify(b)).join('');
    expect(help).not.toContain(ZW);
  });
});
