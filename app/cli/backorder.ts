import { CANCEL_REASON_MAX } from '../../src/backorders/cancel.ts';
import { type BackorderKind, kindOf } from '../../src/domain/kind.ts';
import { formatAmount } from '../../src/domain/money.ts';
import { isStatus, STATUSES } from '../../src/domain/status.ts';
import { isDomainError, isRefusal, UsageError } from '../../src/errors.ts';
import type { Command } from './command.ts';
import { table } from './output.ts';
import { pageInfo, pageLine, pageOptions, pageUsage, readPage } from './paging.ts';

// `backorder place|cancel|list`: staff and scripts acting on backorders (the CLI acts as staff).

/** Refusals of what was asked (not failures of the program): exit code 2, the reason and the usage. */
const refused = (e: unknown): never => {
  if (isRefusal(e)) throw new UsageError(e.message);
  throw e;
};

function backorderId(text: string): number {
  if (!/^\d{1,15}$/.test(text) || Number(text) < 1) throw new UsageError(`"${text}" is not a backorder id`);
  return Number(text);
}

const item = (b: {
  id: number;
  customerId: number;
  fqdn: string;
  status: string;
  kind: BackorderKind;
  dropAt: Date | null;
  finalizesAt: Date | null;
  price: bigint;
  currency: string;
}) => ({
  id: b.id,
  customerId: b.customerId,
  fqdn: b.fqdn,
  status: b.status,
  kind: b.kind,
  dropAt: b.dropAt?.toISOString() ?? null,
  finalizesAt: b.finalizesAt?.toISOString() ?? null,
  price: formatAmount(b.price, b.currency),
  currency: b.currency,
});

export const backorderCommands: Command[] = [
  {
    path: ['backorder', 'place'],
    summary: 'backorder a name for a customer (free; the price is held 3 days before the drop)',
    usage: 'CUSTOMER FQDN [--lite]',
    help: [
      'CUSTOMER is the id, platform:id (e.g. telegram:12345) or the exact name.',
      "--lite: Backorder Lite, at the zone's Lite price; regular backorders of the name come first.",
      'Placing (and cancelling) closes at the finalization deadline, 2 hours before the drop.',
      'Example: backorder backorder place 7 example.com --lite',
    ].join('\n'),
    options: { lite: { type: 'boolean' } },
    positionals: { min: 2, max: 2, names: 'CUSTOMER FQDN' },
    async run(ctx, { positionals, values }) {
      const [customerRef, name] = positionals as [string, string];
      const core = await ctx.core();
      const customer = await core.customers.find(customerRef);
      const b = await core.backorders
        .place(customer.id, name, { actor: 'cli', lite: values.lite === true })
        .catch(refused);
      const out = item({ ...b, kind: kindOf(b) });
      ctx.emit(out);
      ctx.say(
        `backorder #${b.id}: ${b.fqdn} for customer ${customer.id} "${customer.name}", REQUESTED at ${out.price} ${b.currency}${
          b.lite ? ' (Backorder Lite)' : ''
        }, drop ${out.dropAt ?? 'not yet listed'}, finalizes ${out.finalizesAt ?? 'once the drop time is known'} (the last moment to cancel)`,
      );
      return 0;
    },
  },
  {
    path: ['backorder', 'cancel'],
    summary:
      'cancel a REQUESTED or ACTIVE backorder, or with --reason a PROCESSING one whose drop has passed (held money is released)',
    usage: 'ID [--reason TEXT]',
    help: [
      'A PROCESSING backorder can be cancelled only once its drop time has passed (one stuck without a result),',
      `and then --reason is required (at most ${CANCEL_REASON_MAX} characters; kept in the audit log). Its application`,
      'is deleted at the registrar if the registrar still allows it; if the registrar catches the name anyway, the',
      'customer is not charged.',
      'Example: backorder backorder cancel 42 --reason "registrar gave no result"',
    ].join('\n'),
    options: { reason: { type: 'string' } },
    positionals: { min: 1, max: 1, names: 'ID' },
    async run(ctx, { positionals, values }) {
      const id = backorderId(positionals[0]!);
      const reason = typeof values.reason === 'string' ? values.reason : undefined;
      if (reason !== undefined && !reason.trim()) throw new UsageError('--reason must not be empty');
      const core = await ctx.core();
      const { backorder, released, upstream } = await core.backorders
        .cancel(id, { by: 'staff', actor: 'cli', reason })
        .catch((e) => {
          if (isDomainError(e) && e.details.field === 'reason')
            throw new UsageError(`${e.message} (--reason TEXT)`);
          return refused(e);
        });
      const freed = released === null ? null : formatAmount(released, backorder.currency);
      ctx.emit({
        id,
        status: backorder.status,
        released: freed,
        currency: backorder.currency,
        application: upstream?.application ?? null,
        applicationDeleted: upstream ? upstream.deleted : null,
      });
      ctx.say(
        `backorder #${id} (${backorder.fqdn}) cancelled${freed ? `; ${freed} ${backorder.currency} released` : ''}`,
      );
      if (upstream?.deleted) ctx.say(`application ${upstream.application} deleted at the registrar`);
      if (upstream && !upstream.deleted) {
        ctx.say(
          `warning: the registrar kept application ${upstream.application} (${upstream.error}); if it catches the name, the customer is not charged`,
        );
      }
      return 0;
    },
  },
  {
    path: ['backorder', 'list'],
    summary: 'backorders, newest first, with counts per status',
    usage: `[--status S] [--customer C] [--text T] ${pageUsage}`,
    help: `S is one of ${STATUSES.join(', ')}. C is a customer id, platform:id or exact name; T part of the name.`,
    options: {
      status: { type: 'string' },
      customer: { type: 'string' },
      text: { type: 'string' },
      ...pageOptions,
    },
    async run(ctx, { values }) {
      const status = typeof values.status === 'string' ? values.status.trim().toUpperCase() : undefined;
      if (status !== undefined && !isStatus(status)) {
        throw new UsageError(`--status must be one of ${STATUSES.join(', ')} (got "${values.status}")`);
      }
      const page = readPage(values, { default: 50, max: 100 });
      const core = await ctx.core();
      const customer =
        typeof values.customer === 'string' ? await core.customers.find(values.customer) : undefined;
      const text = typeof values.text === 'string' ? values.text : undefined;
      const r = await core.backorders.list({
        customerId: customer?.id,
        status,
        text,
        page: page.page,
        pageSize: page.pageSize,
      });
      const items = r.items.map(item);
      const info = pageInfo(page, r.total);
      ctx.emit({ ...info, items, counts: r.counts });
      ctx.say(
        table(items, [
          'id',
          'customerId',
          'fqdn',
          'kind',
          'status',
          'dropAt',
          'finalizesAt',
          'price',
          'currency',
        ]),
      );
      ctx.say(
        `${pageLine(info, items.length, ['backorder', 'backorders'])}; by status: ${
          Object.entries(r.counts)
            .map(([s, n]) => `${s} ${n}`)
            .join(', ') || 'none at all'
        }`,
      );
      return 0;
    },
  },
];
