import type { AuctionView } from '../../src/auctions/state.ts';
import { formatAmount } from '../../src/domain/money.ts';
import { UsageError } from '../../src/errors.ts';
import { type Command, intOption } from './command.ts';
import { table } from './output.ts';
import { pageInfo, pageLine, pageOptions, pageUsage, readPage } from './paging.ts';

// `backorder auction …`: staff look at the private auctions and bid for a customer (e.g. one who
// asked by mail). Amounts are decimals in the auction's currency.

const money = (v: bigint | null, currency: string) => (v === null ? null : formatAmount(v, currency));

function shown(v: AuctionView) {
  return {
    id: v.id,
    fqdn: v.fqdn,
    status: v.status,
    startsAt: v.startsAt.toISOString(),
    endsAt: v.endsAt.toISOString(),
    currency: v.currency,
    currentPrice: money(v.currentPrice, v.currency),
    step: money(v.step, v.currency),
    nextMinimumBid: money(v.nextMinimumBid, v.currency),
    bidCount: v.bidCount,
    participants: v.participants,
    leading: v.leading,
    yourMax: money(v.yourMax, v.currency),
    yourBackorderId: v.yourBackorderId,
  };
}

function describe(v: ReturnType<typeof shown>, viewer: string | undefined): string {
  const lines = [
    `auction #${v.id} for ${v.fqdn}: ${v.status}, ${v.status === 'OPEN' ? 'ends' : 'ended'} ${v.endsAt}`,
    `price ${v.currentPrice ?? '-'} ${v.currency} (step ${v.step}), ${v.bidCount} bid(s), ${v.participants} participant(s)`,
  ];
  if (v.nextMinimumBid)
    lines.push(`next minimum bid${viewer ? ` for ${viewer}` : ''}: ${v.nextMinimumBid} ${v.currency}`);
  if (viewer && v.yourMax) {
    const standing =
      v.status === 'OPEN' ? (v.leading ? 'leading' : 'not leading') : v.leading ? 'won' : 'lost';
    lines.push(`${viewer}: maximum ${v.yourMax} ${v.currency}, ${standing} (backorder ${v.yourBackorderId})`);
  } else if (viewer) {
    lines.push(`${viewer} does not take part`);
  }
  return lines.join('\n');
}

const auctionId = (text: string) => intOption(text, 'ID', 1, Number.MAX_SAFE_INTEGER)!;

export const auctionCommands: Command[] = [
  {
    path: ['auction', 'list'],
    summary: 'private auctions, newest first',
    usage: `[--status OPEN|CLOSED] ${pageUsage}`,
    options: { status: { type: 'string' }, ...pageOptions },
    async run(ctx, { values }) {
      const status = typeof values.status === 'string' ? values.status.toUpperCase() : undefined;
      if (status !== undefined && status !== 'OPEN' && status !== 'CLOSED') {
        throw new UsageError(`--status must be OPEN or CLOSED (got "${values.status}")`);
      }
      const page = readPage(values, { default: 50, max: 500 });
      const core = await ctx.core();
      const [auctions, total] = await Promise.all([
        core.auctions.listAuctions({ status, limit: page.pageSize, offset: page.offset }),
        core.auctions.countAuctions(status),
      ]);
      const info = pageInfo(page, total);
      const items = auctions.map((a) => ({
        id: a.id,
        fqdn: a.fqdn,
        status: a.status,
        endsAt: a.endsAt.toISOString(),
        currency: a.currency,
        price: money(a.price, a.currency),
        bidCount: a.bidCount,
        participants: a.participants,
      }));
      ctx.emit({ ...info, items });
      ctx.say(
        table(items, ['id', 'fqdn', 'status', 'endsAt', 'price', 'currency', 'bidCount', 'participants']),
      );
      ctx.say(pageLine(info, items.length, ['auction', 'auctions']));
      return 0;
    },
  },
  {
    path: ['auction', 'show'],
    summary: "an auction's state; with --customer, as that customer sees it",
    usage: 'ID [--customer CUSTOMER]',
    help: 'CUSTOMER is an id, an identity such as telegram:123, or the exact name.',
    options: { customer: { type: 'string' } },
    positionals: { min: 1, max: 1, names: 'ID' },
    async run(ctx, { values, positionals }) {
      const core = await ctx.core();
      const ref = typeof values.customer === 'string' ? values.customer : undefined;
      const viewer = ref === undefined ? undefined : await core.customers.find(ref);
      const view = shown(await core.auctions.auctionState(auctionId(positionals[0]!), viewer?.id));
      ctx.emit(view);
      ctx.say(describe(view, viewer ? `customer ${viewer.id}` : undefined));
      return 0;
    },
  },
  {
    path: ['auction', 'bid'],
    summary: 'place a maximum (proxy) bid for a participant; the hold is raised to it',
    usage: 'AUCTION_ID CUSTOMER AMOUNT',
    help: 'AMOUNT is the most the customer will pay, a decimal in the auction currency.\nExample: backorder auction bid 3 telegram:12345 120.00',
    positionals: { min: 3, max: 3, names: 'AUCTION_ID CUSTOMER AMOUNT' },
    async run(ctx, { positionals }) {
      const [id, ref, amount] = positionals as [string, string, string];
      const core = await ctx.core();
      const customer = await core.customers.find(ref);
      const result = await core.auctions.placeBid({
        auctionId: auctionId(id),
        customerId: customer.id,
        maxAmount: amount,
        at: ctx.clock.now(),
        actor: 'cli',
      });
      const view = { ...shown(result), bidId: result.bidId, extended: result.extended };
      ctx.emit(view);
      ctx.say(
        `bid #${view.bidId} placed: ${describe(view, `customer ${customer.id}`)}${view.extended ? '\n(the end was extended)' : ''}`,
      );
      return 0;
    },
  },
];
