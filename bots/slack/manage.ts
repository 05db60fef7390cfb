import { z } from 'zod';
import {
  CANCELLABLE_STATUSES,
  DomainError,
  displayName,
  formatAmount,
  STALE_AFTER_DROP_MS,
  STATUSES,
  type Status,
  writeLog,
} from '../../src/index.ts';
import { buttonValue, fields, freeText, id, nothingMore, parseArgs, UsageError } from './args.ts';
import { actions, type Block, cut, esc, header, message, note, type Reply, sections, utc } from './blocks.ts';
import type { Feature, StaffContext } from './command.ts';
import { commandLine, listReply, pageWindow, RUN_ACTION } from './paging.ts';

// The original's "Manage" page without loading every row: `manage` pages through backorders on the
// server (newest first, totals per status), `show ID` tells one backorder's whole story, and
// `cancel ID` cancels after a confirmation button, under the same rules as for customers.

const PER_PAGE = 12;
const CONFIRM = 'bo.cancel.yes';
const DECLINE = 'bo.cancel.no';
const SHOWN_HISTORY = 12;
const SHOWN_LEDGER = 10;

const money = (minor: bigint, currency: string) => `${formatAmount(minor, currency)} ${currency}`;
const isCancellable = (status: string) => (CANCELLABLE_STATUSES as readonly string[]).includes(status);

const manageUsage = 'manage [STATUS] [TEXT] [page N]';
const manageArgs = z.object({ status: z.enum(STATUSES).optional(), text: freeText('TEXT', 100) });
const showArgs = z.object({ id, rest: nothingMore });
const cancelUsage = 'cancel ID [REASON]';
const cancelArgs = z.object({ id, reason: freeText('REASON', 300) });
const pendingCancel = z.object({ id: z.number().int().positive(), reason: z.string().max(300) });

async function names(ctx: StaffContext, customerIds: number[]) {
  const unique = [...new Set(customerIds)];
  const found = await Promise.all(unique.map((cid) => ctx.core.customers.get(cid)));
  return new Map(found.map((c) => [c.id, c]));
}

async function manage(ctx: StaffContext, args: string[], requested: number | undefined): Promise<Reply> {
  const first = args[0]?.toUpperCase();
  const statusGiven = first !== undefined && (STATUSES as readonly string[]).includes(first);
  const a = parseArgs(
    manageArgs,
    { status: statusGiven ? first : undefined, text: statusGiven ? args.slice(1) : args },
    manageUsage,
  );
  const query = { status: a.status, text: a.text || undefined, pageSize: PER_PAGE };
  let list = await ctx.core.backorders.list({ ...query, page: requested ?? 1 });
  const w = pageWindow(requested, list.total, PER_PAGE);
  // a page past the end shows the last one: asked for again with the total now known
  if (w.page !== list.page) list = await ctx.core.backorders.list({ ...query, page: w.page });
  const customers = await names(
    ctx,
    list.items.map((b) => b.customerId),
  );
  const counts = STATUSES.filter((s) => list.counts[s])
    .map((s) => `${s} ${list.counts[s]}`)
    .join(' · ');
  const filter = [a.status ? `in *${a.status}*` : '', a.text ? `matching "${esc(a.text)}"` : '']
    .filter(Boolean)
    .join(' ');
  return listReply({
    title: 'Backorders',
    summary: `${list.total} backorder(s)${filter ? ` ${filter}` : ''}, newest first`,
    rows: list.items.map((b) => {
      const c = customers.get(b.customerId);
      const who = c ? `#${c.id} ${esc(c.name)}` : `#${b.customerId}`;
      const held = b.held > 0n ? ' (held)' : '';
      const ref = b.registrarRef ? ` · ref \`${esc(b.registrarRef)}\`` : '';
      return `*#${b.id} ${esc(b.display)}* · *${b.status}* · drops ${utc(b.dropAt)}\n${who} · ${money(b.price, b.currency)}${held}${ref}`;
    }),
    rowButtons: list.items.map((b) => ({
      text: 'Details',
      actionId: `${RUN_ACTION}show.${b.id}`,
      value: `show ${b.id}`,
    })),
    window: w,
    commandFor: (n) => commandLine('manage', a.status, a.text || undefined, 'page', String(n)),
    empty: `No backorders${filter ? ` ${filter}` : ''}.`,
    footer: `${counts ? `By status: ${counts}\n` : ''}Details: \`/backorder show ID\` · cancel: \`/backorder cancel ID\``,
  });
}

async function show(ctx: StaffContext, backorderId: number): Promise<Reply> {
  const b = await ctx.core.backorders.get(backorderId);
  const [customer, history, ledger, auction] = await Promise.all([
    ctx.core.customers.get(b.customerId),
    ctx.core.backorders.history(b.id),
    // the core lists a customer's ledger, not one backorder's: its recent rows, filtered here
    ctx.core.billing.ledger(b.customerId, { limit: 1000 }),
    b.auctionId ? ctx.core.auctions.auctionState(b.auctionId) : Promise.resolve(null),
  ]);
  const mine = ledger.filter((l) => l.backorderId === b.id);
  const facts = [
    `*Status* ${b.status} · *drops* ${utc(b.dropAt)}`,
    `*Customer* #${customer.id} ${esc(customer.name)} (${customer.currency})`,
    `*Price* ${money(b.price, b.currency)}${b.held > 0n ? ` · *held* ${money(b.held, b.currency)}` : ''}${b.invoiceId ? ` · invoice #${b.invoiceId}` : ''}`,
    `*Registrar* ${b.registrarRef ? `application \`${esc(b.registrarRef)}\`` : 'no application yet'}${b.upstreamStatus ? ` · upstream ${esc(b.upstreamStatus)}` : ''}`,
    ...(b.lastError ? [cut(`*Last error* ${esc(b.lastError.slice(0, 500))}`, 600)] : []),
    `*Placed* ${utc(b.createdAt)}${b.finishedAt ? ` · *finished* ${utc(b.finishedAt)}` : ''}`,
  ];
  const blocks: Block[] = [header(`Backorder #${b.id} · ${b.display}`), ...sections(facts)];
  const recent = history.slice(-SHOWN_HISTORY);
  blocks.push(
    ...sections([
      `*History* (${history.length} entr${history.length === 1 ? 'y' : 'ies'}${history.length > recent.length ? `, the last ${recent.length}` : ''})`,
      // each line cut to its share of what one Slack message may hold in all
      ...recent.map((l) =>
        cut(
          `${l.level === 'error' ? ':warning:' : '•'} \`${utc(l.at)}\` ${esc(l.message)}${l.actor ? ` _(by ${esc(l.actor)})_` : ''}`,
          400,
        ),
      ),
    ]),
  );
  blocks.push(
    ...sections([
      '*Ledger*',
      ...(mine.length
        ? mine
            .slice(0, SHOWN_LEDGER)
            .map((l) =>
              cut(
                `• \`${utc(l.createdAt)}\` ${l.kind} ${money(l.amount, l.currency)}${l.note ? ` · ${esc(l.note)}` : ''}`,
                300,
              ),
            )
        : [
            b.held > 0n
              ? `No ledger rows yet; ${money(b.held, b.currency)} is held.`
              : 'No ledger rows for this backorder.',
          ]),
    ]),
  );
  if (auction) {
    const price = auction.currentPrice === null ? 'no price' : money(auction.currentPrice, auction.currency);
    blocks.push(
      ...sections([
        `*Auction #${auction.id}* ${auction.status} · ends ${utc(auction.endsAt)} · ${price} · ${auction.bidCount} bid(s) from ${auction.participants} participant(s)`,
      ]),
    );
  }
  const buttons = [{ text: 'Full audit log', actionId: `${RUN_ACTION}logs`, value: `logs #${b.id}` }];
  if (isCancellable(b.status))
    buttons.unshift({ text: 'Cancel…', actionId: `${RUN_ACTION}cancel`, value: `cancel ${b.id}` });
  blocks.push(actions(buttons));
  return message(`Backorder #${b.id} ${b.display}: ${b.status}`, blocks);
}

/** Why a backorder cannot be cancelled, in the words staff need to decide what to do instead. */
function refusal(ctx: StaffContext, b: { id: number; status: string; dropAt: Date | null }): string {
  const status = b.status as Status;
  if (status === 'PROCESSING' && b.dropAt && b.dropAt.getTime() <= ctx.core.clock.now().getTime()) {
    const failsAt = new Date(b.dropAt.getTime() + STALE_AFTER_DROP_MS);
    return (
      `Backorder #${b.id} is PROCESSING and its drop time has passed, but a processing backorder cannot be cancelled yet. ` +
      `If the registrar gives no result, it fails by itself at ${utc(failsAt)} and the hold is released. ` +
      `What the registrar said is in \`/backorder logs #${b.id}\`.`
    );
  }
  const why: Partial<Record<Status, string>> = {
    PROCESSING: 'the application is with the registrar (less than 2 hours before the drop)',
    'PENDING-PAYMENT': 'the name was caught and is being charged',
    'AUCTION-PENDING': 'the name was caught and is in an auction',
  };
  return `Backorder #${b.id} cannot be cancelled: ${why[status] ?? `it is already ${status}`}.`;
}

export const manageFeature: Feature = {
  commands: [
    {
      name: 'manage',
      help: [
        {
          usage: manageUsage,
          does: 'backorders, newest first, with customer, drop time, status and registrar reference; TEXT = part of the domain',
          example: 'manage ACTIVE shop page 2',
        },
      ],
      run: (ctx, cmd) => manage(ctx, cmd.args, cmd.page),
    },
    {
      name: 'show',
      help: [
        {
          usage: 'show ID',
          does: 'one backorder: details, history, ledger rows, auction',
          example: 'show 12',
        },
      ],
      async run(ctx, cmd) {
        if (cmd.page !== undefined) throw new UsageError('`show` has no pages.\nUsage: `/backorder show ID`');
        return show(ctx, parseArgs(showArgs, fields(cmd.args, ['id']), 'show ID').id);
      },
    },
    {
      name: 'cancel',
      help: [
        {
          usage: cancelUsage,
          does: 'cancel a backorder after a confirmation; the hold is released',
          example: 'cancel 12 customer asked by email',
        },
      ],
      async run(ctx, cmd) {
        const words = cmd.page === undefined ? cmd.args : [...cmd.args, 'page', String(cmd.page)];
        const f = fields(words, ['id']);
        const a = parseArgs(cancelArgs, { id: f.id, reason: f.rest }, cancelUsage);
        const b = await ctx.core.backorders.get(a.id);
        if (!isCancellable(b.status)) return note(refusal(ctx, b));
        const customer = await ctx.core.customers.get(b.customerId);
        const release =
          b.held > 0n
            ? `The hold of ${money(b.held, b.currency)} will be released.`
            : 'No money is held for it.';
        return message(`Cancel backorder #${b.id}?`, [
          ...sections([
            `:warning: Cancel backorder *#${b.id} ${esc(b.display)}* (${b.status}, drops ${utc(b.dropAt)}) of *#${customer.id} ${esc(customer.name)}*?`,
            `${release} The customer is told.${a.reason ? ` Reason: _${esc(a.reason)}_` : ''}`,
          ]),
          actions([
            {
              text: `Cancel backorder #${b.id}`,
              actionId: CONFIRM,
              value: JSON.stringify({ id: b.id, reason: a.reason }),
              style: 'danger',
            },
            { text: 'Keep it', actionId: DECLINE, value: String(b.id) },
          ]),
        ]);
      },
    },
  ],
  buttons: [
    {
      prefix: 'bo.cancel.',
      async run(ctx, actionId, value) {
        if (actionId !== CONFIRM) return note(`Nothing changed: backorder #${esc(value)} stays as it is.`);
        const { id: backorderId, reason } = buttonValue(pendingCancel, value);
        let done: Awaited<ReturnType<StaffContext['core']['backorders']['cancel']>>;
        try {
          done = await ctx.core.backorders.cancel(backorderId, { by: 'staff', actor: ctx.actor });
        } catch (e) {
          // a second click, or a status change since the question: say what it is now
          if (e instanceof DomainError && e.code === 'NOT_CANCELLABLE') {
            return note(refusal(ctx, await ctx.core.backorders.get(backorderId)));
          }
          throw e;
        }
        const b = done.backorder;
        if (reason) {
          await writeLog(ctx.core.db.prisma, ctx.core.clock.now(), {
            job: 'backorder',
            backorderId,
            fqdn: b.fqdn,
            actor: ctx.actor,
            message: `cancelled by staff: ${reason}`,
          });
        }
        const released =
          done.released === null
            ? 'No money was held.'
            : `The hold of ${money(done.released, b.currency)} is released.`;
        return note(
          `:white_check_mark: Backorder *#${backorderId} ${esc(displayName(b.fqdn))}* is cancelled. ${released} The customer is told.`,
        );
      },
    },
  ],
};
