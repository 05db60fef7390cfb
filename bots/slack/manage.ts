import { z } from 'zod';
import {
  CANCEL_REASON_MAX,
  cancelRule,
  displayName,
  formatMoney,
  mayCancel,
  STALE_AFTER_DROP_MS,
  STATUSES,
  UsageError,
} from '../../src/index.ts';
import { buttonValue, fields, freeText, id, nothingMore, parseArgs } from './args.ts';
import {
  actions,
  type Block,
  cut,
  esc,
  escCode,
  header,
  message,
  note,
  type Reply,
  sections,
  utc,
} from './blocks.ts';
import type { Feature, StaffContext } from './command.ts';
import { commandLine, listReply, pageWindow, RUN_ACTION } from './paging.ts';

// The original's "Manage" page without loading every row: `manage` pages through backorders on the
// server (newest first, totals per status), `show ID` tells one backorder's whole story, and
// `cancel ID [REASON]` cancels after a confirmation button, under the same rules as for customers,
// plus the staff rule of the core: a PROCESSING backorder stuck after its drop, with a reason.

const PER_PAGE = 12;
const CONFIRM = 'bo.cancel.yes';
const DECLINE = 'bo.cancel.no';
const SHOWN_HISTORY = 12;
const SHOWN_LEDGER = 10;

const manageUsage = 'manage [STATUS] [TEXT] [page N]';
const manageArgs = z.object({ status: z.enum(STATUSES).optional(), text: freeText('TEXT', 100) });
const showArgs = z.object({ id, rest: nothingMore });
const cancelUsage = 'cancel ID [REASON]';
const cancelArgs = z.object({ id, reason: freeText('REASON', CANCEL_REASON_MAX) });
const pendingCancel = z.object({
  id: z.number().int().positive(),
  reason: z.string().max(CANCEL_REASON_MAX),
});

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
      const ref = b.registrarRef ? ` · ref \`${escCode(b.registrarRef)}\`` : '';
      const lite = b.kind === 'lite' ? ' · Lite' : '';
      return `*#${b.id} ${esc(b.display)}*${lite} · *${b.status}* · drops ${utc(b.dropAt)}\n${who} · ${formatMoney(b.price, b.currency)}${held}${ref}`;
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
    `*Status* ${b.status} · *drops* ${utc(b.dropAt)}${b.finalizesAt ? ` · *finalizes* ${utc(b.finalizesAt)}` : ''}`,
    `*Kind* ${b.kind === 'lite' ? 'Backorder Lite (after regular backorders of the name, no auction)' : 'regular'}`,
    `*Customer* #${customer.id} ${esc(customer.name)} (${customer.currency})`,
    `*Price* ${formatMoney(b.price, b.currency)}${b.held > 0n ? ` · *held* ${formatMoney(b.held, b.currency)}` : ''}${b.invoiceId ? ` · invoice #${b.invoiceId}` : ''}`,
    `*Registrar* ${b.registrarRef ? `application \`${escCode(b.registrarRef)}\`` : 'no application yet'}${b.upstreamStatus ? ` · upstream ${esc(b.upstreamStatus)}` : ''}`,
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
                `• \`${utc(l.createdAt)}\` ${l.kind} ${formatMoney(l.amount, l.currency)}${l.note ? ` · ${esc(l.note)}` : ''}`,
                300,
              ),
            )
        : [
            b.held > 0n
              ? `No ledger rows yet; ${formatMoney(b.held, b.currency)} is held.`
              : 'No ledger rows for this backorder.',
          ]),
    ]),
  );
  if (auction) {
    const price =
      auction.currentPrice === null ? 'no price' : formatMoney(auction.currentPrice, auction.currency);
    blocks.push(
      ...sections([
        `*Auction #${auction.id}* ${auction.status} · ends ${utc(auction.endsAt)} · ${price} · ${auction.bidCount} bid(s) from ${auction.participants} participant(s)`,
      ]),
    );
  }
  const buttons = [{ text: 'Full audit log', actionId: `${RUN_ACTION}logs`, value: `logs #${b.id}` }];
  if (offersCancel(ctx, b))
    buttons.unshift({ text: 'Cancel…', actionId: `${RUN_ACTION}cancel`, value: `cancel ${b.id}` });
  blocks.push(actions(buttons));
  return message(`Backorder #${b.id} ${b.display}: ${b.status}`, blocks);
}

type Cancelling = Parameters<typeof cancelRule>[0];

/** The core's rule for a staff cancel now, or its refusal (thrown, and answered by the router). */
const staffRule = (ctx: StaffContext, b: Cancelling) => cancelRule(b, 'staff', ctx.core.clock.now());

/** Whether `show` offers a Cancel… button: the refusal is for `cancel ID` to explain. */
const offersCancel = (ctx: StaffContext, b: Cancelling) => mayCancel(b, 'staff', ctx.core.clock.now());

/** A PROCESSING backorder after its drop: what cancelling it does, and how to ask with a reason. */
function afterDropLines(b: { id: number; dropAt: Date | null; registrarRef: string | null }): string[] {
  const failsAt = b.dropAt ? new Date(b.dropAt.getTime() + STALE_AFTER_DROP_MS) : null;
  return [
    `It is PROCESSING and its drop time (${utc(b.dropAt)}) has passed. ` +
      (b.registrarRef
        ? `Cancelling deletes application \`${escCode(b.registrarRef)}\` at the registrar if it still can; if the registrar catches the name anyway, the customer is not charged.`
        : 'No application of it is known at the registrar.') +
      (failsAt ? ` Left alone, it fails by itself at ${utc(failsAt)} and the hold is released.` : ''),
  ];
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
          does: 'cancel a REQUESTED or ACTIVE backorder after a confirmation; the hold is released and the customer told',
          example: 'cancel 12 customer asked by email',
        },
        {
          usage: 'cancel ID REASON',
          does: 'cancel a PROCESSING backorder stuck after its drop (REASON required, kept in the audit log); the hold is released',
          example: 'cancel 42 registrar gave no result since the drop',
        },
      ],
      async run(ctx, cmd) {
        const words = cmd.page === undefined ? cmd.args : [...cmd.args, 'page', String(cmd.page)];
        const f = fields(words, ['id']);
        const a = parseArgs(cancelArgs, { id: f.id, reason: f.rest }, cancelUsage);
        const b = await ctx.core.backorders.get(a.id);
        const late = staffRule(ctx, b) === 'after-drop';
        if (late && !a.reason) {
          return note(
            [
              `Backorder #${b.id} ${esc(b.display)} can be cancelled only with a reason, for the audit log.`,
              ...afterDropLines(b),
              `Type \`/backorder cancel ${b.id} ${escCode('<reason>')}\`, e.g. \`/backorder cancel ${b.id} registrar gave no result\`.`,
            ].join('\n'),
          );
        }
        const customer = await ctx.core.customers.get(b.customerId);
        const release =
          b.held > 0n
            ? `The hold of ${formatMoney(b.held, b.currency)} will be released.`
            : 'No money is held for it.';
        return message(`Cancel backorder #${b.id}?`, [
          ...sections([
            `:warning: Cancel backorder *#${b.id} ${esc(b.display)}* (${b.status}, drops ${utc(b.dropAt)}) of *#${customer.id} ${esc(customer.name)}*?`,
            ...(late ? afterDropLines(b) : []),
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
        // a second click, or a status change since the question: the core's refusal says what it is now
        const done = await ctx.core.backorders.cancel(backorderId, {
          by: 'staff',
          actor: ctx.actor,
          reason: reason || undefined,
        });
        const b = done.backorder;
        const released =
          done.released === null
            ? 'No money was held.'
            : `The hold of ${formatMoney(done.released, b.currency)} is released.`;
        const upstream = !done.upstream
          ? ''
          : done.upstream.deleted
            ? ` Application \`${escCode(done.upstream.application)}\` is deleted at the registrar.`
            : `\n:warning: The registrar kept application \`${escCode(done.upstream.application)}\` (${esc(done.upstream.error ?? 'no reason given')}): if it catches the name, the customer is not charged. See \`/backorder logs #${backorderId}\`.`;
        return note(
          `:white_check_mark: Backorder *#${backorderId} ${esc(displayName(b.fqdn))}* is cancelled. ${released} The customer is told.${upstream}`,
        );
      },
    },
  ],
};
