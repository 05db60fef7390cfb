import { formatAmount } from '../domain/money.ts';
import { isStatus, STATUSES } from '../domain/status.ts';
import { isDomainError } from '../errors.ts';
import { type Command, intOption, UsageError } from './command.ts';
import { table } from './output.ts';

// `backorder place|cancel|list`: staff and scripts acting on backorders (the CLI acts as staff).

/** Refusals of what was asked (not failures of the program): exit code 2 with the reason. */
const REFUSALS = new Set(['ALREADY_OPEN', 'DROP_PASSED', 'NOT_CANCELLABLE', 'ZONE_NOT_OFFERED']);
const refused = (e: unknown): never => {
  if (isDomainError(e) && REFUSALS.has(e.code)) throw new UsageError(e.message);
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
  dropAt: Date | null;
  price: bigint;
  currency: string;
}) => ({
  id: b.id,
  customerId: b.customerId,
  fqdn: b.fqdn,
  status: b.status,
  dropAt: b.dropAt?.toISOString() ?? null,
  price: formatAmount(b.price, b.currency),
  currency: b.currency,
});

export const backorderCommands: Command[] = [
  {
    path: ['backorder', 'place'],
    summary: 'backorder a name for a customer (free; the price is held 3 days before the drop)',
    usage: 'CUSTOMER FQDN',
    help: 'CUSTOMER is the id, platform:id (e.g. telegram:12345) or the exact name.\nExample: backorder backorder place 7 example.com',
    positionals: { min: 2, max: 2, names: 'CUSTOMER FQDN' },
    async run(ctx, { positionals }) {
      const [customerRef, name] = positionals as [string, string];
      const core = await ctx.core();
      const customer = await core.customers.find(customerRef);
      const b = await core.backorders.place(customer.id, name, { actor: 'cli' }).catch(refused);
      const out = item(b);
      ctx.emit(out);
      ctx.say(
        `backorder #${b.id}: ${b.fqdn} for customer ${customer.id} "${customer.name}", REQUESTED at ${out.price} ${b.currency}, drop ${out.dropAt ?? 'not yet listed'}`,
      );
      return 0;
    },
  },
  {
    path: ['backorder', 'cancel'],
    summary: 'cancel a REQUESTED or ACTIVE backorder (any held money is released)',
    usage: 'ID',
    positionals: { min: 1, max: 1, names: 'ID' },
    async run(ctx, { positionals }) {
      const id = backorderId(positionals[0]!);
      const core = await ctx.core();
      const { backorder, released } = await core.backorders
        .cancel(id, { by: 'staff', actor: 'cli' })
        .catch(refused);
      const freed = released === null ? null : formatAmount(released, backorder.currency);
      ctx.emit({ id, status: backorder.status, released: freed, currency: backorder.currency });
      ctx.say(
        `backorder #${id} (${backorder.fqdn}) cancelled${freed ? `; ${freed} ${backorder.currency} released` : ''}`,
      );
      return 0;
    },
  },
  {
    path: ['backorder', 'list'],
    summary: 'backorders, newest first, with counts per status',
    usage: '[--status S] [--customer C] [--text T] [--limit N] [--page N]',
    help: `S is one of ${STATUSES.join(', ')}. C is a customer id, platform:id or exact name; T part of the name.`,
    options: {
      status: { type: 'string' },
      customer: { type: 'string' },
      text: { type: 'string' },
      limit: { type: 'string' },
      page: { type: 'string' },
    },
    async run(ctx, { values }) {
      const status = typeof values.status === 'string' ? values.status.trim().toUpperCase() : undefined;
      if (status !== undefined && !isStatus(status)) {
        throw new UsageError(`--status must be one of ${STATUSES.join(', ')} (got "${values.status}")`);
      }
      const pageSize = intOption(values.limit, 'limit', 1, 100) ?? 50;
      const page = intOption(values.page, 'page', 1, 1_000_000) ?? 1;
      const core = await ctx.core();
      const customer =
        typeof values.customer === 'string' ? await core.customers.find(values.customer) : undefined;
      const text = typeof values.text === 'string' ? values.text : undefined;
      const r = await core.backorders.list({ customerId: customer?.id, status, text, page, pageSize });
      const items = r.items.map(item);
      ctx.emit({ items, total: r.total, page: r.page, counts: r.counts });
      ctx.say(table(items, ['id', 'customerId', 'fqdn', 'status', 'dropAt', 'price', 'currency']));
      ctx.say(
        `${r.total} backorder(s)${r.total > items.length ? `, page ${r.page}` : ''}; ${
          Object.entries(r.counts)
            .map(([s, n]) => `${s} ${n}`)
            .join(', ') || 'none at all'
        }`,
      );
      return 0;
    },
  },
];
