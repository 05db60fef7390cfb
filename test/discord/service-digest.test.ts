import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeDiscord, startFakeDiscord } from '../fakes/discord-api.ts';
import { runBackorder } from '../helpers/cli.ts';
import { freshDatabaseUrl } from '../helpers/db.ts';
import { type Service, startService } from '../helpers/service.ts';
import { textOf, WEBHOOK_ID, WEBHOOK_TOKEN } from './harness.ts';

// The service as `npm start` runs it, with the Discord webhook on: a drop-list import made by another
// process (`backorder droplist import` beside it) is announced within seconds, by the core's
// after-import job that the service starts when it sees the import, and once.

describe('`npm start` with a Discord webhook, and a CLI import beside it', { timeout: 180_000 }, () => {
  let fake: FakeDiscord;
  let service: Service;
  let env: Record<string, string>;
  let drop: () => Promise<void> = async () => {};
  const webhook = () =>
    fake.messages
      .filter((m) => m.route === `webhook:${WEBHOOK_ID}/${WEBHOOK_TOKEN}`)
      .map((m) => textOf(m.body));

  beforeAll(async () => {
    fake = await startFakeDiscord();
    const fresh = await freshDatabaseUrl();
    drop = fresh.drop;
    env = {
      DATABASE_URL: fresh.url,
      REGISTRAR: 'sandbox',
      SANDBOX_DROPLIST_SIZE: '200',
      DISCORD_WEBHOOK_URL: `https://discord.com/api/webhooks/${WEBHOOK_ID}/${WEBHOOK_TOKEN}`,
      DISCORD_API_URL: fake.api,
    };
    service = await startService('digest', env);
    // the start-up import of the sandbox list is announced first
    await fake.waitFor(() => webhook().length === 1, 60_000);
  }, 120_000);

  afterAll(async () => {
    service?.child.kill('SIGTERM');
    await service?.exited;
    await fake?.close();
    await drop();
  });

  it('the CLI import reaches the webhook within seconds, once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'digest-'));
    const file = join(dir, 'list.csv');
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    writeFileSync(file, `abc.com;${tomorrow} 10:00:00\nxyz-shop.net;${tomorrow} 11:00:00\n`);
    const run = await runBackorder(['droplist', 'import', '--file', file], env);
    expect(run.code, run.err).toBe(0);
    const t0 = Date.now();
    await fake.waitFor(() => webhook().length === 2, 20_000);
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(webhook()[1]).toContain('2 names');
    await new Promise((r) => setTimeout(r, 3_000));
    expect(webhook()).toHaveLength(2);
  });
});
