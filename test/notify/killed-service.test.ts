import { afterAll, expect, it } from 'vitest';
import { openDb } from '../../src/db/client.ts';
import { migrateDatabase } from '../../src/db/migrate.ts';
import { enqueue } from '../../src/notify/outbox.ts';
import { startFakeTelegram } from '../fakes/telegram-api.ts';
import { freshDatabaseUrl } from '../helpers/db.ts';
import { type Service, startService } from '../helpers/service.ts';
import { customer } from './fixtures.ts';
import { SAMPLES } from './samples.ts';

// The service (`app/main.ts`, the real dispatcher and Telegram channel, Telegram being the loopback
// fake that records what it accepted) is killed with SIGKILL in the middle of a burst of
// notifications, and started again. The recipients it had claimed must not wait out a long claim:
// the restarted service delivers the rest within seconds, nothing is lost, and only a message the
// platform accepted just before the kill (its delivery not yet recorded) may arrive twice.

const BURST = 60;

// What each run (a retry included) leaves behind: its services, then the fake, the client, the database.
const services: Service[] = [];
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const s of services)
    if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
  await Promise.all(services.map((s) => s.exited));
  for (const cleanup of cleanups.reverse()) await cleanup();
}, 60_000);

it('killed mid-burst and restarted: the rest goes out within seconds, nothing lost, at most one repeat of a message accepted just before the kill', async () => {
  const fresh = await freshDatabaseUrl();
  cleanups.push(fresh.drop);
  await migrateDatabase(fresh.url);
  const db = await openDb(fresh.url);
  cleanups.push(() => db.close());
  const fake = await startFakeTelegram(); // Telegram's pace enforced: about 30 messages a second
  cleanups.push(() => fake.close());

  // One notification for each of BURST customers, written at once as a `batch` pass writes them.
  const chats = Array.from({ length: BURST }, (_, i) => String(810_000 + i));
  const ids: number[] = [];
  for (const chat of chats)
    ids.push((await customer(db, { identities: [{ platform: 'telegram', externalId: chat }] })).id);
  const at = new Date();
  await db.tx(async (tx) => {
    for (const [i, customerId] of ids.entries()) {
      await enqueue(tx, at, {
        kind: 'backorder.placed',
        audience: 'CUSTOMER',
        customerId,
        payload: { ...SAMPLES['backorder.placed'], backorderId: 9000 + i },
        dedupeKey: `burst:${i}`,
      });
    }
  });

  const env = {
    DATABASE_URL: fresh.url,
    REGISTRAR: 'sandbox',
    SANDBOX_DROPLIST_SIZE: '200',
    TELEGRAM_BOT_TOKEN: '123456:restart-token',
    TELEGRAM_API_ROOT: fake.apiRoot,
  };
  const ours = () => fake.messages.filter((m) => chats.includes(m.chatId));
  const first = await startService('first', env);
  services.push(first);
  // Paced at Telegram's rate, the burst takes a few seconds: kill the service a quarter through.
  await fake.waitFor(() => ours().length >= BURST / 4, 60_000);
  first.child.kill('SIGKILL');
  const killedAt = performance.now();
  await first.exited;
  expect(ours().length).toBeLessThan(BURST);
  const claimed = await db.prisma.notification.count({
    where: { status: 'PENDING', NOT: { claimedBy: null } },
  });
  expect(claimed, 'the killed service had claimed the rest of the burst').toBeGreaterThan(0);

  services.push(await startService('second', env));
  const heard = () => new Set(ours().map((m) => m.chatId)).size;
  await fake.waitFor(() => heard() === BURST, 60_000).catch(() => {});
  expect(heard(), 'customers who heard').toBe(BURST);
  const lastAt = Math.max(...ours().map((m) => m.at));
  // About 8 s on a quiet machine; the bound leaves room for a CI machine whose two cores other test
  // files share, and still fails on the 120 s claim this guards against.
  expect(lastAt - killedAt, 'ms from the kill to the last delivery').toBeLessThanOrEqual(45_000);
  for (const chat of chats) {
    const got = fake.to(chat);
    expect(got.length, `messages to ${chat}`).toBeLessThanOrEqual(2);
    // a repeat only of a message accepted in the moment before the kill
    if (got.length === 2) expect(killedAt - got[0]!.at).toBeLessThan(2_000);
  }
  await expect
    .poll(() => db.prisma.notification.count({ where: { status: 'SENT' } }), { timeout: 10_000 })
    .toBe(BURST);
}, 180_000);
