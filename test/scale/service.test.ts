import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDb } from '../../src/db/client.ts';
import { migrationNames } from '../../src/db/migrate.ts';
import { type FakeTelegram, startFakeTelegram } from '../fakes/telegram-api.ts';
import { freshDatabaseUrl } from '../helpers/db.ts';
import { type Service, startService } from '../helpers/service.ts';

// Three `app/main.ts` processes, exactly as `npm start` runs, on one new PostgreSQL database behind
// an imaginary load balancer: they migrate it together at start, each answers /healthz, the
// start-up drop-list import runs under the job lease (never twice at once), Telegram in webhook
// mode is served by whichever instance an update reaches (a re-delivery to another instance is
// handled once), and SIGTERM stops each cleanly. test/scale/instances.test.ts drives a whole day.

const server = process.env.TEST_DATABASE_URL;
const onPostgres = Boolean(server?.startsWith('postgres'));
const SECRET = 'scale-webhook-secret';
const USER = { id: 4242, is_bot: false, first_name: 'Lena', language_code: 'en' };

const title = onPostgres
  ? 'three `npm start` instances on one PostgreSQL database'
  : 'three `npm start` instances on one PostgreSQL database (skipped: runs only when TEST_DATABASE_URL is a postgresql:// server)';

describe.skipIf(!onPostgres)(title, () => {
  let drop: () => Promise<void> = async () => {};
  let db: Db;
  let telegram: FakeTelegram;
  let services: Service[] = [];

  beforeAll(async () => {
    const fresh = await freshDatabaseUrl();
    drop = fresh.drop;
    telegram = await startFakeTelegram({ enforceLimits: false });
    const env = {
      DATABASE_URL: fresh.url,
      REGISTRAR: 'sandbox',
      SANDBOX_DROPLIST_SIZE: '500',
      TELEGRAM_BOT_TOKEN: '123456:scale-token',
      TELEGRAM_API_ROOT: telegram.apiRoot,
      TELEGRAM_WEBHOOK_URL: 'https://bot.example.com/telegram/webhook',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
    };
    services = await Promise.all(['A', 'B', 'C'].map((name) => startService(name, env)));
    db = await openDb(fresh.url);
  }, 300_000);

  afterAll(async () => {
    for (const s of services) if (s.child.exitCode === null) s.child.kill('SIGKILL');
    await db?.close();
    await telegram?.close();
    await drop();
  }, 60_000);

  it('they migrated the new database together: every migration applied once; each answers /healthz', async () => {
    const rows = await db.prisma.$queryRawUnsafe<Array<{ migration_name: string; n: bigint }>>(
      'SELECT migration_name, COUNT(*) AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL GROUP BY 1 ORDER BY 1',
    );
    expect(rows.map((r) => [r.migration_name, Number(r.n)])).toEqual(
      migrationNames('postgresql').map((m) => [m, 1]),
    );
    for (const s of services) {
      const res = await fetch(`http://127.0.0.1:${s.port}/healthz`);
      expect(await res.json()).toMatchObject({ status: 'ok', database: 'postgresql', instance: s.name });
    }
  });

  it('the start-up import ran under the lease: never two at once, and the list is there', async () => {
    const deadline = Date.now() + 120_000;
    while ((await db.prisma.dropImport.count({ where: { ok: true } })) === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 250));
    // an instance that started after the first import finished sees a fresh list and does not import
    while ((await db.prisma.jobRun.count({ where: { finishedAt: null } })) > 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 250));
    const runs = await db.prisma.jobRun.findMany({
      where: { job: 'droplist-import' },
      orderBy: { startedAt: 'asc' },
    });
    expect(runs.length).toBeGreaterThanOrEqual(1);
    for (let i = 1; i < runs.length; i++) expect(runs[i]!.startedAt >= runs[i - 1]!.finishedAt!).toBe(true);
    expect(runs.every((r) => r.ok)).toBe(true);
    expect(await db.prisma.dropDomain.count()).toBeGreaterThan(0);
  });

  it('Telegram webhook: any instance takes any update; a re-delivery to another instance is handled once', async () => {
    const post = (s: Service, update: object) =>
      fetch(`http://127.0.0.1:${s.port}/telegram/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
        body: JSON.stringify(update),
      });
    const message = (update_id: number, text: string) => ({
      update_id,
      message: {
        message_id: update_id,
        date: Math.floor(Date.now() / 1000),
        chat: { id: USER.id, type: 'private', first_name: USER.first_name },
        from: USER,
        text,
        entities: [{ type: 'bot_command', offset: 0, length: text.length }],
      },
    });
    const [a, b, c] = services as [Service, Service, Service];
    // The webhook answers 503 until its bot knows itself (getMe): Telegram would deliver again.
    const deliver = async (s: Service, update: object) => {
      for (const deadline = Date.now() + 60_000; ; ) {
        const res = await post(s, update);
        await res.text();
        if (res.status !== 503 || Date.now() > deadline) return res.status;
        await new Promise((r) => setTimeout(r, 250));
      }
    };
    const first = await Promise.all([deliver(a, message(1, '/start')), deliver(b, message(1, '/start'))]);
    expect(first).toEqual([200, 200]);
    expect(await deliver(c, message(2, '/balance'))).toBe(200);
    await telegram.waitFor(() => telegram.to(USER.id).length >= 2, 10_000).catch(() => {});
    const replies = telegram.to(USER.id);
    expect(replies).toHaveLength(2); // one welcome, one balance: the re-delivered /start was dropped
    const identities = await db.prisma.identity.findMany({
      where: { platform: 'telegram', externalId: String(USER.id) },
    });
    expect(identities).toHaveLength(1);
    expect(await db.prisma.processedUpdate.count()).toBe(2);
    // the webhook registered by every instance is the same one
    expect(telegram.webhook).toMatchObject({
      url: 'https://bot.example.com/telegram/webhook',
      secret_token: SECRET,
    });
  });

  it('SIGTERM stops each instance cleanly (exit 0)', async () => {
    for (const s of services) s.child.kill('SIGTERM');
    const codes = await Promise.all(services.map((s) => s.exited));
    expect(codes, services.map((s) => s.out()).join('\n---\n')).toEqual([0, 0, 0]);
  }, 60_000);
});
