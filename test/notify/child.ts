import { createInterface } from 'node:readline';
import { fixedClock, systemClock } from '../../src/clock.ts';
import { openDb } from '../../src/db/client.ts';
import { RecordingChannel } from '../fakes/recording-channel.ts';
import { event, once } from './fixtures.ts';

// Another process on the same database, for the tests that need one: SQLite locks are per process,
// and better-sqlite3 waits for them synchronously, so two clients in one process are not two writers.
//   dispatch URL INSTANCE AT   says "ready", waits for "go", runs one dispatch pass, prints the texts sent
//   enqueue URL CUSTOMER_ID    writes one backorder.caught event, as `backorder batch` would

const [mode, url, ...args] = process.argv.slice(2);
const db = await openDb(url!);
if (mode === 'dispatch') {
  const channel = new RecordingChannel();
  const clock = fixedClock(args[1]!);
  await db.prisma.customer.count(); // connected before the start signal
  process.stdout.write('ready\n');
  for await (const line of createInterface({ input: process.stdin })) if (line === 'go') break;
  const stats = await once(db, [channel], clock, { env: { INSTANCE_ID: args[0]! } });
  process.stdout.write(`${JSON.stringify({ stats, texts: channel.sent.map((s) => s.message.text) })}\n`);
} else if (mode === 'enqueue') {
  await event(db, systemClock.now(), 'backorder.caught', { customerId: Number(args[0]) });
}
await db.close();
