import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDb } from '../../src/db/client.ts';
import { type FakeTelegram, startFakeTelegram } from '../fakes/telegram-api.ts';
import { freshDatabaseUrl } from '../helpers/db.ts';
import { type Service, startService } from '../helpers/service.ts';

// SIGTERM while a Telegram payment is being handled, with `npm start` processes in webhook mode on
// one database. The payment is held up for real: the test keeps the customer's row locked (as a
// long transaction of another process would), so crediting it waits. A payment finished within the
// stop is answered before the process exits; one still waiting when the stop runs out of time gets
// no answer, so Telegram delivers it again, to another instance: it must be credited there, once.
// Row locks that make another process wait are PostgreSQL's; SQLite's writer lock would freeze
// the whole process instead, so this runs on PostgreSQL only.

const server = process.env.TEST_DATABASE_URL;
const onPostgres = Boolean(server?.startsWith('postgres'));
const SECRET = 'shutdown-webhook-secret';
const USER = { id: 5151, is_bot: false, first_name: 'Mia', language_code: 'en' };

const title = onPostgres
  ? 'SIGTERM during a Telegram payment'
  : 'SIGTERM during a Telegram payment (skipped: runs only when TEST_DATABASE_URL is a postgresql:// server)';

let nextUpdateId = 1;
const command = (text: string) => {
  const id = nextUpdateId++;
  return {
    update_id: id,
    message: {
      message_id: id,
      date: Math.floor(Date.now() / 1000),
      chat: { id: USER.id, type: 'private', first_name: USER.first_name },
      from: USER,
      text,
      entities: [{ type: 'bot_command', offset: 0, length: text.length }],
    },
  };
};
const payment = (customerId: number, charge: string, amount: number) => {
  const id = nextUpdateId++;
  return {
    update_id: id,
    message: {
      message_id: id,
      date: Math.floor(Date.now() / 1000),
      chat: { id: USER.id, type: 'private', first_name: USER.first_name },
      from: USER,
      successful_payment: {
        currency: 'USD',
        total_amount: amount,
        invoice_payload: `topup:${customerId}:${amount}:USD`,
        telegram_payment_charge_id: charge,
        provider_payment_charge_id: `prov-${charge}`,
      },
    },
  };
};

/** Telegram's POST: the status, or null when the connection closed without an answer. */
async function post(s: Service, update: object): Promise<number | null> {
  try {
    const res = await fetch(`http://127.0.0.1:${s.port}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      body: JSON.stringify(update),
    });
    await res.text();
    return res.status;
  } catch {
    return null;
  }
}

/** As Telegram delivers: again while the instance is still starting (503). */
async function deliver(s: Service, update: object) {
  for (const deadline = Date.now() + 60_000; ; ) {
    const status = await post(s, update);
    if (status !== 503 || Date.now() > deadline) return status;
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe.skipIf(!onPostgres)(title, () => {
  let drop: () => Promise<void> = async () => {};
  let url: string;
  let db: Db;
  let telegram: FakeTelegram;
  let services: Service[] = [];
  let customerId: number;

  /** Locks the customer's row in a transaction of the test's own until the returned function. */
  async function lockCustomer(): Promise<() => Promise<void>> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('BEGIN');
    await client.query('SELECT 1 FROM "Customer" WHERE "id" = $1 FOR UPDATE', [customerId]);
    return async () => {
      await client.query('COMMIT');
      await client.end();
    };
  }
  const waitingForLock = async () => {
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
      const [row] = await db.prisma.$queryRawUnsafe<Array<{ n: bigint }>>(
        'SELECT COUNT(*) AS n FROM pg_locks WHERE NOT granted',
      );
      if (Number(row?.n) > 0) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('nothing waited for the customer lock');
  };
  const thanks = () => telegram.to(USER.id).filter((m) => m.text.startsWith('✅ Thank you!'));
  const depositsOf = (charge: string) =>
    db.prisma.ledgerEntry.findMany({ where: { idempotencyKey: `telegram-payment:${charge}` } });

  beforeAll(async () => {
    const fresh = await freshDatabaseUrl();
    drop = fresh.drop;
    url = fresh.url;
    telegram = await startFakeTelegram({ enforceLimits: false });
    const env = {
      DATABASE_URL: fresh.url,
      REGISTRAR: 'sandbox',
      SANDBOX_DROPLIST_SIZE: '50',
      TELEGRAM_BOT_TOKEN: '123456:shutdown-token',
      TELEGRAM_API_ROOT: telegram.apiRoot,
      TELEGRAM_WEBHOOK_URL: 'https://bot.example.com/telegram/webhook',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      TELEGRAM_PAYMENTS_PROVIDER_TOKEN: 'provider:test-token',
    };
    services = await Promise.all(['A', 'B', 'C'].map((name) => startService(name, env)));
    db = await openDb(fresh.url);
    // the start-up drop-list import is over, so a stop has nothing else to wait for
    for (const deadline = Date.now() + 120_000; Date.now() < deadline; ) {
      if ((await db.prisma.jobRun.count({ where: { finishedAt: null } })) === 0) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(await deliver(services[0]!, command('/start'))).toBe(200);
    customerId = (
      await db.prisma.identity.findUniqueOrThrow({
        where: { platform_externalId: { platform: 'telegram', externalId: String(USER.id) } },
      })
    ).customerId;
  }, 300_000);

  afterAll(async () => {
    for (const s of services) if (s.child.exitCode === null) s.child.kill('SIGKILL');
    await db?.close();
    await telegram?.close();
    await drop();
  }, 60_000);

  it('a payment in flight is finished and answered before the process exits', async () => {
    const [a] = services as [Service];
    const release = await lockCustomer();
    const answer = post(a, payment(customerId, 'charge-in-flight', 2500));
    await waitingForLock();
    a.child.kill('SIGTERM');
    // The stop is under way (and would have closed the connection by now) when the lock goes.
    await new Promise((r) => setTimeout(r, 1_000));
    await release();
    expect(await answer).toBe(200);
    expect(await a.exited, a.out()).toBe(0);
    expect(await depositsOf('charge-in-flight')).toMatchObject([{ amount: 2500n, customerId }]);
    expect(thanks().map((m) => m.text)).toEqual(['✅ Thank you! $25.00 added. Available now: $25.00.']);
  }, 60_000);

  it('a payment still waiting when the stop runs out of time is credited once, by the instance Telegram sends it to next', async () => {
    const [, b, c] = services as [Service, Service, Service];
    const release = await lockCustomer();
    const update = payment(customerId, 'charge-cut-off', 4000);
    const answer = post(b, update);
    await waitingForLock();
    b.child.kill('SIGTERM');
    expect(await b.exited, b.out()).toBe(0);
    await release();
    // No 2xx: Telegram has not got rid of the update and delivers it again.
    expect(await answer).toBeNull();
    expect(await deliver(c, update)).toBe(200);
    expect(await deliver(c, update)).toBe(200);
    expect(await depositsOf('charge-cut-off')).toMatchObject([{ amount: 4000n, customerId }]);
    const ledger = await db.prisma.ledgerEntry.aggregate({ where: { customerId }, _sum: { amount: true } });
    expect(ledger._sum.amount).toBe(6500n);
    await telegram.waitFor(() => thanks().length === 2, 10_000);
    expect(thanks().at(-1)?.text).toBe('✅ Thank you! $40.00 added. Available now: $65.00.');
  }, 60_000);
});
