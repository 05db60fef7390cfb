import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { expect, it } from 'vitest';
import type { Core } from '../../src/index.ts';
import { startApp } from '../discord/harness.ts';
import { startSlack } from '../slack/harness.ts';
import { startTelegram } from '../telegram/harness.ts';

// Each platform's answers are timed into backorder_bot_reply_seconds{platform}, read back as a
// Prometheus scraper would.

/**
 * How many answers were timed. Each harness has a core (and a registry) of its own, so the only
 * series is its platform's; the parser keeps a histogram's buckets, not its labels or count.
 */
async function repliesTimed(core: Core): Promise<number> {
  const families = parsePrometheusTextFormat(await core.metrics.render());
  const family = families.find((f) => f.name === 'backorder_bot_reply_seconds');
  expect(family?.type).toBe('HISTOGRAM');
  return family!.metrics.reduce((n, m) => n + Number(m.buckets?.['+Inf'] ?? 0), 0);
}

it('times every Slack command, Discord interaction and Telegram update', async () => {
  const slack = await startSlack();
  await slack.ask('help');
  await slack.ask('pricing');
  expect(await repliesTimed(slack.core)).toBe(2);

  const discord = await startApp();
  expect((await discord.invoke('help')).status).toBe(200);
  expect(await repliesTimed(discord.core)).toBe(1);

  const telegram = await startTelegram();
  await telegram.send('/help');
  expect(await repliesTimed(telegram.core)).toBe(1);
}, 60_000);
