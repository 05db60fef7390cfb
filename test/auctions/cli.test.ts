import { beforeAll, describe, expect, it } from 'vitest';
import { HOUR } from '../../src/clock.ts';
import type { Db } from '../../src/db/client.ts';
import { runCliHere } from '../helpers/cli.ts';
import { freshDb } from '../helpers/db.ts';
import { customer, invariant, open, pendingBackorder, T0, uniqueName } from './fixtures.ts';

let db: Db;
beforeAll(async () => {
  db = await freshDb();
  // the CLI reads its configuration from the environment, as it does in production
  process.env.DATABASE_URL = db.url;
});

const cli = (args: string[], at = new Date(T0.getTime() + HOUR)) => runCliHere(args, at);

describe('backorder auction', () => {
  it('bids for a customer, shows the auction as that customer sees it, and lists it', async () => {
    const fqdn = uniqueName();
    const [a, b] = [await customer(db, 20000n), await customer(db, 20000n)];
    const boA = await pendingBackorder(db, a, fqdn, { ageDays: 3 });
    const boB = await pendingBackorder(db, b, fqdn, { ageDays: 1 });
    const { auctionId } = await open(db, fqdn, [boA, boB]);

    const bid = await cli(['auction', 'bid', String(auctionId), String(b), '72.50', '--json']);
    expect(bid.err).toBe('');
    expect(bid.code).toBe(0);
    expect(JSON.parse(bid.out)).toMatchObject({
      id: auctionId,
      currentPrice: '55.00',
      nextMinimumBid: '77.50',
      leading: true,
      yourMax: '72.50',
      yourBackorderId: boB,
      extended: false,
    });
    const log = await db.prisma.log.findFirstOrThrow({
      where: { backorderId: boB, message: { startsWith: 'bid #' } },
    });
    expect(log.actor).toBe('cli');

    const shown = await cli(['auction', 'show', String(auctionId), '--customer', String(a), '--json']);
    expect(JSON.parse(shown.out)).toMatchObject({
      leading: false,
      yourMax: '50.00',
      nextMinimumBid: '60.00',
      bidCount: 1,
    });
    const human = await cli(['auction', 'show', String(auctionId)]);
    expect(human.out).toContain(`auction #${auctionId} for ${fqdn}: OPEN`);
    expect(human.out).not.toContain('72.50');

    const list = await cli(['auction', 'list', '--status', 'open', '--json']);
    expect(JSON.parse(list.out).items).toContainEqual({
      id: auctionId,
      fqdn,
      status: 'OPEN',
      endsAt: new Date(T0.getTime() + 3 * 24 * HOUR).toISOString(),
      currency: 'USD',
      price: '55.00',
      bidCount: 1,
      participants: 2,
    });
    await invariant(db, a, b);
  });

  it('says why a bid is refused, with the bad-input exit code', async () => {
    const fqdn = uniqueName();
    const [a, b] = [await customer(db, 20000n), await customer(db, 20000n)];
    const { auctionId } = await open(db, fqdn, [
      await pendingBackorder(db, a, fqdn, { ageDays: 3 }),
      await pendingBackorder(db, b, fqdn, { ageDays: 1 }),
    ]);
    const low = await cli(['auction', 'bid', String(auctionId), String(b), '52']);
    expect(low.code).toBe(2);
    expect(low.err).toContain('55.00 USD');
    const typo = await cli(['auction', 'bid', String(auctionId), String(b), '5o']);
    expect(typo.code).toBe(2);
    expect((await cli(['auction', 'list', '--status', 'done'])).code).toBe(2);
    expect((await cli(['auction', 'show', '999999'])).code).toBe(2);
    expect(await db.prisma.bid.count({ where: { auctionId } })).toBe(2);
  });
});
