import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { DomainError, formatMoney, parseAmount } from '../../src/index.ts';
import { amount, buttonValue, currency, fields, freeText, parseArgs, word } from './args.ts';
import { actions, esc, message, note, type Reply, sections } from './blocks.ts';
import type { Feature, StaffContext } from './command.ts';
import { commandLine, listReply } from './paging.ts';

// `customers [TEXT]` and `credit CUSTOMER AMOUNT CURRENCY [note]`. A credit is a ledger deposit
// with the staff member as actor; above SLACK_CREDIT_CONFIRM_ABOVE (in the currency's major units)
// it waits for a confirmation button. The idempotency key is fixed when the command is typed and
// rides in the button, so a double click or a re-delivered click credits once.

const PER_PAGE = 15;
const CONFIRM = 'bo.credit.yes';
const DECLINE = 'bo.credit.no';

const listArgs = z.object({ text: freeText('TEXT', 100) });
const creditArgs = z.object({
  customer: word('CUSTOMER'),
  amount,
  currency,
  note: freeText('the note', 200),
});
const creditUsage = 'credit CUSTOMER AMOUNT CURRENCY [note]';

/** what the confirmation button carries */
const pending = z.object({
  customerId: z.number().int().positive(),
  minor: z.string().regex(/^\d{1,18}$/),
  currency: z.string().regex(/^[A-Z]{3}$/),
  note: z.string().max(200),
  key: z.string().min(1).max(200),
});
type Pending = z.infer<typeof pending>;

/** SLACK_CREDIT_CONFIRM_ABOVE (major units) in the currency's minor units */
function threshold(ctx: StaffContext, cur: string): bigint {
  const unit = parseAmount('1', cur);
  return BigInt(Math.round(ctx.config.SLACK_CREDIT_CONFIRM_ABOVE * Number(unit)));
}

async function credit(ctx: StaffContext, p: Pending): Promise<Reply> {
  const r = await ctx.core.billing.credit({
    customer: p.customerId,
    amount: BigInt(p.minor),
    currency: p.currency,
    note: p.note || undefined,
    actor: ctx.actor,
    idempotencyKey: p.key,
  });
  const who = `#${r.customer.id} ${esc(r.customer.name)}`;
  const b = r.balances;
  const state = `Balance ${formatMoney(b.balance, b.currency)}, held ${formatMoney(b.held, b.currency)}, available *${formatMoney(b.available, b.currency)}*.`;
  if (!r.created)
    return note(`This credit was already made (ledger entry #${r.entry.id}); nothing changed.\n${state}`);
  return note(
    `:white_check_mark: Credited *${formatMoney(BigInt(p.minor), p.currency)}* to ${who} (ledger entry #${r.entry.id}).\n${state}`,
  );
}

export const customers: Feature = {
  commands: [
    {
      name: 'customers',
      help: [
        {
          usage: 'customers [TEXT] [page N]',
          does: 'customers with balances; TEXT = part of a name, an id or a chat id',
          example: 'customers Smith',
        },
      ],
      async run(ctx, cmd) {
        const a = parseArgs(listArgs, { text: cmd.args }, 'customers [TEXT] [page N]');
        // `telegram:123` as the core's references are written: the list matches the external id
        const text = a.text.replace(/^(telegram|slack|discord):/i, '') || undefined;
        const page = cmd.page ?? 1;
        // no count in the core's list: one extra row says whether a next page exists
        const rows = await ctx.core.customers.list({
          text,
          offset: (page - 1) * PER_PAGE,
          limit: PER_PAGE + 1,
        });
        const shown = rows.slice(0, PER_PAGE);
        const bal = await ctx.core.billing.balancesMany(shown.map((c) => c.id));
        const more = rows.length > PER_PAGE;
        return listReply({
          title: 'Customers',
          summary: text ? `matching "${esc(text)}"` : 'all customers, oldest first',
          rows: shown.map((c) => {
            const b = bal.get(c.id);
            const funds = b
              ? `balance ${formatMoney(b.balance, b.currency)} · held ${formatMoney(b.held, b.currency)} · available *${formatMoney(b.available, b.currency)}*`
              : c.currency;
            const ids = c.identities.map((i) => `${i.platform}:${i.externalId}`).join(', ');
            return `*#${c.id} ${esc(c.name)}* (${c.language}) · ${funds}${ids ? `\n      ${esc(ids)}` : ''}`;
          }),
          openEnded: true,
          window: { page, pages: more ? page + 1 : page, skip: (page - 1) * PER_PAGE, take: PER_PAGE },
          commandFor: (n) => commandLine('customers', a.text || undefined, 'page', String(n)),
          empty:
            page > 1 ? `There is no page ${page}.` : `No customer matches${text ? ` "${esc(text)}"` : ''}.`,
        });
      },
    },
    {
      name: 'credit',
      help: [
        {
          usage: creditUsage,
          does: 'add money to a customer’s balance (CUSTOMER = id, telegram:ID or exact name); large amounts ask to confirm',
          example: 'credit 12 50.00 USD bank transfer 2026-11-03',
        },
      ],
      async run(ctx, cmd) {
        // a note may end in "page 2": the parser took that for paging, the note gets it back
        const words = cmd.page === undefined ? cmd.args : [...cmd.args, 'page', String(cmd.page)];
        const f = fields(words, ['customer', 'amount', 'currency']);
        const a = parseArgs(creditArgs, { ...f, note: f.rest }, creditUsage);
        const customer = await ctx.core.customers.find(a.customer);
        if (customer.currency !== a.currency) {
          throw new DomainError(
            'CURRENCY_MISMATCH',
            `customer #${customer.id} pays in ${customer.currency}, not ${a.currency}`,
          );
        }
        const p: Pending = {
          customerId: customer.id,
          minor: parseAmount(a.amount, a.currency).toString(),
          currency: a.currency,
          note: a.note,
          // Slack's trigger id is the same when it re-delivers a command: the credit stays single
          key: `slack:credit:${ctx.triggerId ?? randomUUID()}`,
        };
        if (BigInt(p.minor) <= threshold(ctx, a.currency)) return credit(ctx, p);
        const what = `*${formatMoney(BigInt(p.minor), p.currency)}* to *#${customer.id} ${esc(customer.name)}*`;
        return message(`Confirm a credit of ${formatMoney(BigInt(p.minor), p.currency)}`, [
          ...sections([
            `:warning: Credit ${what}?`,
            `This is above the confirmation limit of ${ctx.config.SLACK_CREDIT_CONFIRM_ABOVE} ${p.currency}.${p.note ? ` Note: _${esc(p.note)}_` : ''}`,
          ]),
          actions([
            {
              text: `Credit ${formatMoney(BigInt(p.minor), p.currency)}`,
              actionId: CONFIRM,
              value: JSON.stringify(p),
              style: 'primary',
            },
            { text: 'Do not credit', actionId: DECLINE, value: 'no' },
          ]),
        ]);
      },
    },
  ],
  buttons: [
    {
      prefix: 'bo.credit.',
      async run(ctx, actionId, value) {
        if (actionId !== CONFIRM) return note('No credit was made.');
        return credit(ctx, buttonValue(pending, value));
      },
    },
  ],
};
