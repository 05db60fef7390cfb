import { describe, expect, it } from 'vitest';
import { DAY, HOUR, jobDefinitions, MINUTE, writeLog } from '../../src/index.ts';
import { createScheduler } from '../../src/jobs/scheduler.ts';
import { silentLogger } from '../../src/log.ts';
import { createMetrics } from '../../src/prometheus.ts';
import { ADMIN, buttonNamed, buttonsOf, expectWithinLimits, startSlack, T0, textOf } from './harness.ts';

// The operator's commands: logs, stats, import and jobs.

const h = await startSlack({ SANDBOX_CATCH_RATE: '1', SANDBOX_DROPLIST_SIZE: '300' });
const { core, clock } = h;
const DROP = new Date(T0.getTime() + 2 * DAY);
const line = (fqdn: string, at: Date) => `${fqdn};${at.toISOString().slice(0, 19).replace('T', ' ')}`;

await core.droplist.import({
  name: 'test list',
  open: async () =>
    (async function* () {
      yield [
        line('caught.com', DROP),
        line('waiting.com', new Date(DROP.getTime() + 5 * DAY)),
        line('bad<b>&.com', DROP),
      ];
    })(),
});
await core.pricing.set('com', 'USD', 4900n);
const alice = await core.customers.create({ name: 'Alice', currency: 'USD' });
await core.billing.credit({ customer: alice.id, amount: 100_000n, currency: 'USD', actor: 'test' });
const caught = await core.backorders.place(alice.id, 'caught.com', { actor: 'test' });
const waiting = await core.backorders.place(alice.id, 'waiting.com', { actor: 'test' });

describe('/backorder logs', () => {
  it('shows a domain’s and a backorder’s audit trail, newest first, with who did it', async () => {
    const byName = textOf(await h.ask('logs CAUGHT.com'));
    expect(byName).toMatch(/\*caught\.com\* · newest first/);
    expect(byName).toMatch(
      new RegExp(
        `\\*backorder\\* #${caught.id} caught\\.com: placed for customer ${alice.id}.*_\\(by test\\)_`,
      ),
    );
    expect(byName).not.toContain('waiting.com');
    const byId = textOf(await h.ask(`logs #${waiting.id}`));
    expect(byId).toMatch(new RegExp(`backorder \\*#${waiting.id}\\*`));
    expect(byId).toContain('waiting.com');
    expect(textOf(await h.ask('logs'))).toMatch(/everything · newest first/);
    expect(textOf(await h.ask('logs nothing-here.com'))).toMatch(/No log entries for \*nothing-here\.com\*/);
    expect(textOf(await h.ask('logs not_a_domain!'))).toMatch(/Sorry, that did not work/);
  });

  it('pages a long trail: Next until the oldest, messages escaped and cut to Slack’s limits', async () => {
    for (let i = 0; i < 40; i++) {
      await writeLog(core.db.prisma, clock.now(), {
        job: 'test',
        fqdn: 'busy.com',
        message: `entry ${i} <!channel> ${'x'.repeat(2500)}`,
      });
    }
    const page1 = await h.ask('logs busy.com');
    expectWithinLimits(page1);
    const text = textOf(page1);
    expect(text).toMatch(/entry 39 &lt;!channel&gt;/);
    expect(text).not.toContain('<!channel>');
    expect(text).toMatch(/\*busy\.com\* · newest first · page 1/);
    const page2 = await h.click(buttonNamed(page1, /Page 2/));
    expectWithinLimits(page2);
    expect(textOf(page2)).toMatch(/entry 24 /);
    const page3 = await h.click(buttonNamed(page2, /Page 3/));
    expect(textOf(page3)).toMatch(/entry 0 /);
    expect(buttonsOf(page3).map((b) => b.text.text)).toEqual(['◀ Page 2']);
    expect(textOf(await h.ask('logs busy.com page 7'))).toMatch(
      /There is no page 7: the trail has 40 entries/,
    );
    expect(textOf(await h.ask('logs busy.com page 500'))).toMatch(/page 500 is out of reach here/);
  });
});

describe('block limits', () => {
  it('keeps a backorder with a long, markup-heavy history within every Slack limit', async () => {
    for (let i = 0; i < 30; i++) {
      await writeLog(core.db.prisma, clock.now(), {
        job: 'lifecycle',
        backorderId: waiting.id,
        fqdn: 'waiting.com',
        level: i % 2 ? 'error' : 'ok',
        message: `registrar said ${'<&>'.repeat(600)} (${i})`,
        actor: 'x'.repeat(100),
      });
    }
    const shown = await h.ask(`show ${waiting.id}`);
    expectWithinLimits(shown);
    expect(textOf(shown)).toMatch(/\*History\* \(\d+ entries, the last 12\)/);
    const trail = await h.ask(`logs #${waiting.id}`);
    expectWithinLimits(trail);
    expect(textOf(trail)).toMatch(/registrar said &lt;&amp;&gt;/);
  });
});

describe('/backorder stats', () => {
  it('counts backorders by status, this week’s and month’s catches and revenue, and the drop list', async () => {
    const empty = textOf(await h.ask('stats'));
    expect(empty).toMatch(/\*Backorders\* 2: REQUESTED 2/);
    expect(empty).toMatch(/\*This week\* \(since 2026-11-30 00:00 UTC\): 0 catches · revenue none/);
    expect(empty).toMatch(/\*Drop list\* 2 names to drop · next days: 2026-12-03 1 · 2026-12-08 1/);
    expect(empty).toMatch(/\*Last import\* 2026-12-01 09:00 UTC \(#1, 2 names\)/);

    for (const at of [T0, new Date(DROP.getTime() - HOUR), new Date(DROP.getTime() + 10 * MINUTE)]) {
      clock.set(at);
      await core.lifecycle.runPass(at);
    }
    const later = textOf(await h.ask('stats'));
    expect(later).toMatch(/\*Backorders\* 2: REQUESTED 1 · SUCCESSFUL 1/);
    expect(later).toMatch(/\*This week\* \(since 2026-11-30 00:00 UTC\): 1 catch · revenue 49\.00 USD/);
    expect(later).toMatch(/\*This month\* \(since 2026-12-01 00:00 UTC\): 1 catch · revenue 49\.00 USD/);
    // next month: the catch is last month's
    clock.set(new Date('2027-01-04T12:00:00Z'));
    expect(textOf(await h.ask('stats'))).toMatch(
      /\*This month\* \(since 2027-01-01 00:00 UTC\): 0 catches · revenue none/,
    );
    clock.set(T0);
    expect(textOf(await h.ask('stats now'))).toMatch(/unexpected words: now/);
  });
});

describe('/backorder import', () => {
  it('acknowledges at once, imports, and reports the summary through response_url; the start is audited', async () => {
    const r = await h.command('import');
    expect(r.status).toBe(200);
    expect(JSON.parse(r.ack)).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringMatching(/Importing the drop list now/),
    });
    const reply = textOf(await h.responseTo(r.responseId));
    expect(reply).toMatch(/Drop list imported \(#2 from sandbox/);
    expect(reply).toMatch(/names listed: \d+ added, \d+ with a new drop time, 2 removed; 0 rows rejected/);
    const audit = (await core.logs.list({ limit: 50 })).find(
      (l) => l.actor === `slack:${ADMIN}` && l.job === 'droplist-import',
    );
    expect(audit?.message).toBe('drop-list import started from Slack');
  });

  it('while another import runs (any process), says so instead of starting a second one', async () => {
    let release!: () => void;
    let reading!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const started = new Promise<void>((r) => {
      reading = r;
    });
    const running = core.droplist.import({
      name: 'slow list',
      open: async () =>
        (async function* () {
          reading();
          await gate;
          yield [line('slow.com', DROP)];
        })(),
    });
    await started;
    const reply = textOf(await h.ask('import'));
    expect(reply).toMatch(
      /^Sorry, that did not work: A drop-list import is already running \(started 2026-12-01 09:00:00 UTC\): its summary will be in the logs when it is done\./,
    );
    release();
    await running;
  });

  it('reports a failed import in words, and the list stays', async () => {
    const broken = await startSlack({ DROPLIST_URL: 'http://127.0.0.1:9/pending.zip' });
    const reply = textOf(await broken.ask('import'));
    expect(reply).toMatch(/^Sorry, that did not work: /);
  });
});

describe('/backorder jobs', () => {
  it('lists every job with its UTC schedule, last run and next run', async () => {
    const before = textOf(await h.ask('jobs'));
    for (const job of jobDefinitions(core)) expect(before).toContain(`*${job.name}* \`${job.schedule}\``);
    expect(before).toMatch(
      /\*lifecycle\* `\*\/5 \* \* \* \*` — one pass of the lifecycle engine.*\n\s+last: never run\n\s+next: 2026-12-01 09:05 UTC/,
    );
    const scheduler = createScheduler({
      db: core.db,
      clock,
      log: silentLogger,
      metrics: createMetrics(),
      instanceId: 'test',
      jobs: jobDefinitions(core),
    });
    await scheduler.runNow('auctions');
    const after = textOf(await h.ask('jobs'));
    expect(after).toMatch(
      /\*auctions\* `\* \* \* \* \*` — .*\n\s+last: 2026-12-01 09:00 UTC :white_check_mark: ok in 0\.0 s: closed=0 endingSoon=0\n\s+next: 2026-12-01 09:01 UTC/,
    );
  });
});
