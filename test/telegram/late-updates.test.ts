import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/index.ts';
import { refuseInserts } from '../helpers/refuse.ts';
import { type Harness, startTelegram, type User, visible } from './harness.ts';

// Updates that outlive their webhook request: one still running when the answer is due (Telegram
// would hold the chat back, so it is answered and goes on), and those in flight when the service
// stops. Telegram is slow on purpose (the fake holds a sendMessage until the test releases it),
// and per chat updates run one after the other, so an update queued behind a held one is late.

const CARA: User = { id: 4001, first_name: 'Cara', language_code: 'en' };
const DAN: User = { id: 4002, first_name: 'Dan', language_code: 'en' };

const lines: string[] = [];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
process.on('unhandledRejection', onUnhandled);
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
});

let h: Harness;
beforeAll(async () => {
  h = await startTelegram({ log: createLogger({ level: 'warn', write: (line) => lines.push(line) }) });
});

let nextUpdateId = 900_000;
const text = (user: User, words: string) => {
  const id = nextUpdateId++;
  return {
    update_id: id,
    message: {
      message_id: id,
      date: 0,
      chat: { id: user.id, type: 'private', first_name: user.first_name },
      from: { is_bot: false, ...user },
      text: words,
      entities: [{ type: 'bot_command', offset: 0, length: words.length }],
    },
  };
};
const post = async (update: object) => {
  const res = await h.post(JSON.stringify(update));
  await res.text();
  return res.status;
};

describe('an update still running when its webhook answer is due', () => {
  it('is answered 200 and goes on; when it then fails, the failure is logged with its update, and no promise is left unhandled', async () => {
    const held = h.fake.holdNext('sendMessage');
    const slow = post(text(CARA, '/help'));
    await held.reached;
    const late = text(CARA, '/prices');
    // The late update's de-duplication insert fails for real once it runs, long after its answer.
    const allow = await refuseInserts(h.core.db, 'ProcessedUpdate', `NEW."updateId" = '${late.update_id}'`);
    expect(await post(late)).toBe(200);

    held.release();
    expect(await slow).toBe(200);
    const failure = () => lines.find((l) => l.includes('failed after it was answered'));
    await h.fake.waitFor(() => unhandled.length > 0 || failure() !== undefined, 10_000);
    await allow();
    expect(unhandled).toEqual([]);
    expect(JSON.parse(failure()!)).toMatchObject({ level: 'error', updateId: late.update_id });
    expect(visible(h.fake.to(CARA.id).at(-1)!.text)).toContain('What I can do');
  }, 60_000);
});

describe('stopping', () => {
  it('waits for the updates in flight and turns new ones away for Telegram to send again', async () => {
    const held = h.fake.holdNext('sendMessage');
    const inFlight = post(text(DAN, '/help'));
    await held.reached;
    let stopped = false;
    const stopping = h.bot.stop().then(() => {
      stopped = true;
    });
    expect(await post(text(CARA, '/help'))).toBe(503);
    expect(stopped).toBe(false);

    held.release();
    expect(await inFlight).toBe(200);
    await stopping;
    expect(visible(h.fake.to(DAN.id).at(-1)!.text)).toContain('What I can do');
    expect(unhandled).toEqual([]);
  });
});
