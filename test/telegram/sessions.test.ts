import { beforeAll, describe, expect, it } from 'vitest';
import { MINUTE } from '../../src/index.ts';
import { EN, type Harness, startTelegram, type User, visible } from './harness.ts';

// A question the bot asked waits in the database: behind a load balancer the answer may reach
// another instance of the service, or the same one after a restart.

let a: Harness;
let b: Harness;
beforeAll(async () => {
  a = await startTelegram();
  b = await startTelegram({ peer: a });
});

const questions = () => a.core.db.prisma.chatState.count();

describe('questions in progress, across instances', () => {
  it('a profile question asked by one instance is answered through the other', async () => {
    const user: User = { id: 3001, first_name: 'Max', language_code: 'en' };
    const start = await a.send('/profile', user);
    expect(visible(start.replies.at(-1)!.text)).toBe('Step 1 of 10\nYour first name?');
    expect(visible((await b.send('Max', user)).text)).toBe('Step 2 of 10\nYour last name?');
    expect(visible((await a.send('Muster', user)).text)).toMatch(/^Step 3 of 10\nYour organization/);
    expect(await questions()).toBe(1);
  });

  it('stopping the question removes it for every instance', async () => {
    const user: User = { id: 3002, language_code: 'en' };
    await a.send('/profile', user);
    await b.send('/help', user);
    expect(visible((await a.send('Max', user)).text)).not.toContain('Step 2 of 10');
    const row = await a.core.db.prisma.chatState.findUnique({ where: { key: `telegram:${user.id}` } });
    expect(row).toBeNull();
  });

  it('an ordinary command leaves nothing in the database', async () => {
    const before = await questions();
    await a.send('/help', EN);
    await b.send('/balance', EN);
    expect(await questions()).toBe(before);
  });

  it('a question unanswered for 30 minutes is forgotten, and pruned', async () => {
    const user: User = { id: 3003, language_code: 'en' };
    await a.send('/profile', user);
    a.clock.advance(31 * MINUTE);
    expect(visible((await b.send('Max', user)).text)).not.toContain('Step 2 of 10');
    expect(await a.core.chatState.prune()).toBeGreaterThanOrEqual(1);
    expect(await a.core.db.prisma.chatState.findUnique({ where: { key: `telegram:${user.id}` } })).toBeNull();
  });

  it('a stored question of an unknown shape reads as none', async () => {
    const user: User = { id: 3004, language_code: 'en' };
    await a.core.chatState.write(
      `telegram:${user.id}`,
      '{"awaiting":{"kind":"bid","auctionId":"x"}}',
      MINUTE,
    );
    const reply = await b.send('Max', user);
    expect(reply.replies.length).toBeGreaterThan(0);
    expect(visible(reply.text)).not.toContain('Step 2 of 10');
  });
});
