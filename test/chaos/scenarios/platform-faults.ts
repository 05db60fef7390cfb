import { enqueue } from '../../../src/notify/outbox.ts';
import { ms, percentile, row } from '../report.ts';
import { ALERTS, messageUpdate, outboxDrained, startWorld, type World } from '../world.ts';
import type { Scenario } from './index.ts';

// The platforms misbehave for minutes while notifications wait to go out: Telegram answers 429 with
// retry_after and 5xx in turn, Discord 429 with the global flag, Slack `ratelimited`. Every message
// must go out once the storm is over, none lost, none twice; meanwhile customers who write to the
// bot and staff who type commands still hear back within the platform's time limits.

const CUSTOMERS = 60;
const PER_CUSTOMER = 3;
const STAFF_EVENTS = 20;
const COMMUNITY_EVENTS = 20;
/** Telegram gives a webhook about a minute; we answer within 10 s whatever happens */
const WEBHOOK_ANSWER_MS = 10_000;
const SLACK_ACK_MS = 3_000;

const count = (texts: string[], needle: string) => texts.filter((t) => t.includes(needle)).length;

async function customers(world: World): Promise<Map<number, number>> {
  const users = Array.from({ length: CUSTOMERS }, (_, i) => 810_000 + i);
  for (const u of users) await world.postUpdate(messageUpdate(u, '/start'));
  const ids = await world.db.prisma.identity.findMany({
    where: { platform: 'telegram', externalId: { in: users.map(String) } },
    select: { externalId: true, customerId: true },
  });
  return new Map(ids.map((i) => [Number(i.externalId), i.customerId]));
}

export const platformFaults: Scenario = {
  name: 'platforms',
  title: 'Telegram 429/5xx, Discord global 429 and Slack ratelimited for minutes',
  async run({ short, log }) {
    const stormMs = short ? 20_000 : 180_000;
    const world = await startWorld({ name: 'chaos-platforms' });
    const { telegram, slack, discord } = world;
    try {
      const byUser = await customers(world);
      log(`${byUser.size} customers; storm of ${stormMs / 1000} s begins`);
      telegram.failFor('sendMessage', stormMs, [
        { status: 429, description: 'Too Many Requests: retry after 3', retryAfter: 3 },
        { status: 502, description: 'Bad Gateway' },
        { status: 500, description: 'Internal Server Error' },
      ]);
      discord.globalLimitFor(stormMs);
      slack.rateLimitFor('chat.postMessage', stormMs, 3);
      const stormEnds = Date.now() + stormMs;

      const now = new Date();
      const customerNames: Array<{ user: number; fqdn: string }> = [];
      for (const [user, customerId] of byUser) {
        for (let k = 0; k < PER_CUSTOMER; k++) {
          const fqdn = `storm${user}x${k}.com`;
          customerNames.push({ user, fqdn });
          await enqueue(world.db.prisma, now, {
            kind: 'droptime.changed',
            audience: 'CUSTOMER',
            customerId,
            payload: { backorderId: 1, fqdn, oldDropAt: null, newDropAt: '2027-01-05T10:00:00.000Z' },
            dedupeKey: `chaos:storm:${fqdn}`,
          });
        }
      }
      const jobs = Array.from({ length: STAFF_EVENTS }, (_, k) => `chaos-job-${k}`);
      for (const job of jobs)
        await enqueue(world.db.prisma, now, {
          kind: 'staff.job-failed',
          audience: 'STAFF',
          payload: { job, error: 'storm' },
          dedupeKey: `chaos:storm:${job}`,
        });
      const caught = Array.from({ length: COMMUNITY_EVENTS }, (_, k) => `caught${k}storm.com`);
      for (const fqdn of caught)
        await enqueue(world.db.prisma, now, {
          kind: 'community.caught',
          audience: 'COMMUNITY',
          payload: { fqdn, auction: false },
          dedupeKey: `chaos:storm:${fqdn}`,
        });

      // During the storm: customers write, staff type commands.
      const webhook: number[] = [];
      const acks: number[] = [];
      let unanswered = 0;
      const users = [...byUser.keys()];
      for (let i = 0; Date.now() < stormEnds - 2_000; i++) {
        const r = await world.postUpdate(messageUpdate(users[i % users.length]!, '/balance'));
        webhook.push(r.ms);
        if (r.status !== 200) unanswered++;
        const a = await world.slashCommand('help', slack.responseUrl());
        acks.push(a.ms);
        if (a.status !== 200) unanswered++;
        await new Promise((r) => setTimeout(r, 1_000));
      }
      log('storm over; waiting for the outbox to drain');
      const drained = await outboxDrained(world, 300_000, 'after the storm');
      const dead = await world.db.prisma.notification.count({ where: { status: 'DEAD' } });

      const tg = (user: number) =>
        telegram.messages.filter((m) => m.chatId === String(user)).map((m) => m.text);
      const customerCounts = customerNames.map((c) => count(tg(c.user), c.fqdn));
      const staffTexts = slack.posted.filter((p) => p.channel === ALERTS).map((p) => p.text);
      // the whole line, since `chaos-job-1` is also the start of `chaos-job-10`…`chaos-job-19`
      const staffCounts = jobs.map((j) => count(staffTexts, `Job ${j} failed`));
      const communityTexts = discord.messages
        .filter((m) => m.route.startsWith('webhook:'))
        .map((m) => JSON.stringify(m.body));
      const communityCounts = caught.map((f) => count(communityTexts, f));
      const lostOf = (c: number[]) => c.filter((n) => n === 0).length;
      // If a staff alert is ever lost or posted twice, the log says where its row ended and what
      // was posted.
      const amiss = jobs.filter((_, k) => staffCounts[k] !== 1);
      if (amiss.length > 0) {
        const staffRows = await world.db.prisma.notification.findMany({
          where: { channel: 'slack', recipient: ALERTS },
          select: {
            id: true,
            status: true,
            attempts: true,
            lastError: true,
            claimedBy: true,
            providerMessageId: true,
            nextAttemptAt: true,
            outbox: { select: { payload: true } },
          },
        });
        for (const job of amiss)
          log(
            `${job} posted ${staffCounts[jobs.indexOf(job)]} times: ${JSON.stringify(staffRows.filter((r) => r.outbox.payload.includes(`"${job}"`)))}`,
          );
        log(`posted to ${ALERTS}: ${JSON.stringify(staffTexts)}`);
      }
      const doubledOf = (c: number[]) => c.filter((n) => n > 1).length;
      return [
        row({
          scenario: 'platforms',
          check: `Telegram 429/502/500 for ${stormMs / 1000} s: ${customerNames.length} customer notifications`,
          figure: `all out ${(drained / 1000).toFixed(0)} s after the storm; ${telegram.rateLimited} answered 429`,
          lost: lostOf(customerCounts),
          doubled: doubledOf(customerCounts),
        }),
        row({
          scenario: 'platforms',
          check: `Slack ratelimited for ${stormMs / 1000} s: ${jobs.length} staff alerts`,
          figure: `${slack.posted.filter((p) => p.channel === ALERTS).length} alert messages posted`,
          lost: lostOf(staffCounts),
          doubled: doubledOf(staffCounts),
        }),
        row({
          scenario: 'platforms',
          check: `Discord global 429 for ${stormMs / 1000} s: ${caught.length} community posts`,
          figure: `${discord.rateLimited} requests answered 429`,
          lost: lostOf(communityCounts),
          doubled: doubledOf(communityCounts),
        }),
        row({
          scenario: 'platforms',
          check: 'no notification given up during the storm',
          figure: `${dead} given up`,
          lost: dead,
          doubled: 0,
        }),
        row({
          scenario: 'platforms',
          check: `customers and staff still answered during the storm (webhook ≤ ${WEBHOOK_ANSWER_MS / 1000} s, Slack ack ≤ ${SLACK_ACK_MS / 1000} s)`,
          figure: `webhook p99 ${ms(percentile(webhook, 99))} (${webhook.length}), Slack ack p99 ${ms(percentile(acks, 99))}`,
          lost: unanswered,
          doubled: 0,
          ok: Math.max(...webhook) <= WEBHOOK_ANSWER_MS && Math.max(...acks) <= SLACK_ACK_MS,
        }),
      ];
    } finally {
      await world.stop();
    }
  },
};
