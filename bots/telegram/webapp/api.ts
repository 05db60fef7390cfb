import { z } from 'zod';
import {
  CANCELLABLE_STATUSES,
  type Config,
  type Core,
  displayName,
  ERROR_KINDS,
  finalizationOf,
  type HttpRequest,
  type HttpResponse,
  type HttpServer,
  isDomainError,
  type Logger,
  parseDomainName,
  type SearchQueryInput,
} from '../../../src/index.ts';
import { telegramCustomer } from '../customer-of.ts';
import { Refusal } from '../errors.ts';
import { placedText } from '../features/backorder.ts';
import { offeredZones } from '../offered.ts';
import { emptyFilters } from '../search/filters.ts';
import { addWatch } from '../search/watches.ts';
import { langOf, type Text, textFor } from '../text.ts';
import { checkInitData, webAppKey } from './init-data.ts';

// The Mini App's JSON API under /app/api/. Every request carries `Authorization: tma <initData>`
// (401 when it is missing, forged or older than a day); the signed Telegram user is the customer,
// who sees and changes only their own things. Parameters are checked with zod (400 naming the
// field); the work is the core's, with the bot's rules and the bot's words.

export const API = '/app/api';
export const SEARCH_PAGE = 20;
/** the bar chart's span: drops per day from today on */
export const CHART_DAYS = 7;

type Customer = Awaited<ReturnType<typeof telegramCustomer>>;

interface Call {
  customer: Customer;
  text: Text;
  actor: string;
  req: HttpRequest;
}

const json = (status: number, body: unknown): HttpResponse => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  body: JSON.stringify(body, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)),
});

class BadRequest extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** The first problem of a zod failure, naming its field. */
function parseOr400<T>(schema: z.ZodType<T>, input: unknown): T {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const field =
    issue.path.map(String).join('.') || (issue.code === 'unrecognized_keys' ? issue.keys[0]! : '');
  throw new BadRequest(field, issue.message);
}

const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');
const length = z.coerce.number().int().min(1).max(63);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day YYYY-MM-DD');

/** The search form's fields, as query parameters. */
export const filtersSchema = z
  .object({
    keyword: z.string().trim().max(63).optional(),
    zones: z
      .string()
      .max(300)
      .transform((v) =>
        v
          .split(',')
          .map((x) => x.trim().replace(/^\./, ''))
          .filter(Boolean),
      )
      .optional(),
    minLength: length.optional(),
    maxLength: length.optional(),
    noDigits: flag.optional(),
    noHyphens: flag.optional(),
    digitsOnly: flag.optional(),
    noIdn: flag.optional(),
    from: day.optional(),
    to: day.optional(),
    sort: z.enum(['dropAt', 'fqdn', 'length']).default('dropAt'),
    order: z.enum(['asc', 'desc']).default('asc'),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
  })
  .strict();
type Filters = z.output<typeof filtersSchema>;

/** The core's search query for the form's fields. */
export const toQuery = (f: Filters): SearchQueryInput => ({
  ...(f.keyword ? { keyword: f.keyword } : {}),
  zones: f.zones ?? [],
  ...(f.minLength !== undefined ? { minLength: f.minLength } : {}),
  ...(f.maxLength !== undefined ? { maxLength: f.maxLength } : {}),
  noDigits: f.noDigits ?? false,
  noHyphens: f.noHyphens ?? false,
  digitsOnly: f.digitsOnly ?? false,
  excludeIdn: f.noIdn ?? false,
  ...(f.from ? { from: f.from } : {}),
  ...(f.to ? { to: f.to } : {}),
  sort: f.sort,
  order: f.order,
  page: f.page,
  pageSize: SEARCH_PAGE,
});

const placeBody = z
  .object({ fqdn: z.string().trim().min(1).max(253), lite: z.boolean().default(false) })
  .strict();
const cancelBody = z
  .object({
    id: z
      .number()
      .int()
      .positive()
      .max(2 ** 31 - 1),
  })
  .strict();
const watchBody = z.object({ fqdn: z.string().trim().min(1).max(253) }).strict();

function body(req: HttpRequest): unknown {
  try {
    return JSON.parse(req.rawBody.toString('utf8') || 'null');
  } catch {
    throw new BadRequest('', 'the body must be JSON');
  }
}

const money = (text: Text, minor: bigint | null | undefined, currency: string) =>
  minor === null || minor === undefined ? null : { minor, text: text.money(minor, currency) };

export interface MiniAppApiDeps {
  core: Core;
  config: Config;
  log: Logger;
  http: HttpServer;
}

export function mountMiniAppApi({ core, config, log, http }: MiniAppApiDeps): void {
  const key = webAppKey(config.TELEGRAM_BOT_TOKEN!);
  const i18n = core.notify.i18n;

  /** Turns what a handler throws into a status and words in the customer's language. */
  function failure(e: unknown, text: Text): HttpResponse {
    if (e instanceof BadRequest)
      return json(400, { error: 'INVALID_INPUT', field: e.field, message: e.message });
    if (e instanceof Refusal) return json(409, { error: 'REFUSED', message: text.label(e.key, e.args) });
    if (isDomainError(e) && ERROR_KINDS[e.code] === 'refusal') {
      const status =
        e.code === 'INVALID_INPUT' || e.code === 'INVALID_DOMAIN' ? 400 : e.code === 'NOT_FOUND' ? 404 : 409;
      return json(status, { error: e.code, message: text.errorLabel(e) });
    }
    log.error('mini app request failed', { error: e });
    return json(isDomainError(e) ? 503 : 500, { error: 'UNAVAILABLE', message: text.errorLabel(e) });
  }

  function route(method: string, path: string, handler: (call: Call) => Promise<unknown>) {
    http.route(
      method,
      `${API}${path}`,
      async (req) => {
        const header = req.headers.authorization ?? '';
        const signed = checkInitData(header.startsWith('tma ') ? header.slice(4) : '', key, core.clock.now());
        if ('problem' in signed) return json(401, { error: 'UNAUTHORIZED', reason: signed.problem });
        let text = textFor(i18n, langOf(i18n, signed.user.language_code));
        try {
          const customer = await telegramCustomer(core, signed.user, { inPrivateChat: false });
          text = textFor(i18n, langOf(i18n, customer.language));
          return json(200, await handler({ customer, text, actor: `telegram:${signed.user.id}`, req }));
        } catch (e) {
          return failure(e, text);
        }
      },
      { maxBody: 4096 },
    );
  }

  route('GET', '/me', async ({ customer, text }) => {
    const b = await core.billing.balances(customer.id);
    return {
      name: customer.name,
      language: text.lang,
      currency: customer.currency,
      balance: money(text, b.balance, b.currency),
      available: money(text, b.available, b.currency),
      held: money(text, b.held, b.currency),
    };
  });

  route('GET', '/search', async ({ customer, text, req }) => {
    const f = parseOr400(filtersSchema, Object.fromEntries(req.query));
    const [found, prices] = await Promise.all([
      core.search.search(toQuery(f)),
      offeredZones(core, customer.currency),
    ]);
    return {
      total: found.total,
      page: found.page,
      pageSize: found.pageSize,
      items: found.items.map((item) => {
        const offer = prices.get(item.zone);
        return {
          fqdn: item.fqdn,
          display: item.display,
          zone: item.zone,
          length: item.length,
          score: item.score,
          dropAt: item.dropAt.toISOString(),
          finalizesAt: finalizationOf(item.dropAt)?.toISOString() ?? null,
          price: offer ? money(text, offer.amount, customer.currency) : null,
          lite: offer ? money(text, offer.lite, customer.currency) : null,
        };
      }),
    };
  });

  route('GET', '/days', async ({ req }) => {
    const f = parseOr400(filtersSchema, Object.fromEntries(req.query));
    const today = core.clock.now().getTime();
    const days = Array.from({ length: CHART_DAYS }, (_, i) =>
      new Date(today + i * 86_400_000).toISOString().slice(0, 10),
    );
    // One count a day under the same filters; a day outside the form's own range has none.
    const counts = await Promise.all(
      days.map((d) =>
        (f.from && d < f.from) || (f.to && d > f.to)
          ? { total: 0 }
          : core.search.search({ ...toQuery({ ...f, from: d, to: d, page: 1 }), pageSize: 1 }),
      ),
    );
    return { days: days.map((date, i) => ({ date, count: counts[i]!.total })) };
  });

  route('GET', '/backorders', async ({ customer, text }) => {
    const list = await core.backorders.list({ customerId: customer.id, pageSize: 100 });
    return {
      total: list.total,
      items: list.items.map((b) => ({
        id: b.id,
        fqdn: b.fqdn,
        display: b.display,
        status: b.status,
        statusText: text.label(`status-${b.status}`),
        kind: b.kind,
        dropAt: b.dropAt?.toISOString() ?? null,
        finalizesAt: b.finalizesAt?.toISOString() ?? null,
        price: money(text, b.price, b.currency),
        held: b.held > 0n ? money(text, b.held, b.currency) : null,
        cancellable: (CANCELLABLE_STATUSES as readonly string[]).includes(b.status),
      })),
    };
  });

  route('POST', '/backorders', async ({ customer, text, actor, req }) => {
    const p = parseOr400(placeBody, body(req));
    const b = await core.backorders.place(customer.id, p.fqdn, { actor, lite: p.lite });
    const placed = placedText(text, b, await core.billing.balances(customer.id));
    return { id: b.id, fqdn: b.fqdn, status: b.status, message: placed.html, short: placed.short };
  });

  route('POST', '/backorders/cancel', async ({ customer, text, actor, req }) => {
    const p = parseOr400(cancelBody, body(req));
    const done = await core.backorders.cancel(p.id, { by: 'customer', customerId: customer.id, actor });
    const args = { name: displayName(done.backorder.fqdn), id: String(p.id) };
    return {
      id: p.id,
      status: done.backorder.status,
      message:
        done.released === null
          ? text.t('tg-cancelled', args)
          : text.t('tg-cancelled-released', {
              ...args,
              amount: text.money(done.released, done.backorder.currency),
            }),
    };
  });

  // Watching a name: an alert for exactly that name in its zone, heard of when a later list has it.
  route('POST', '/watch', async ({ customer, text, req }) => {
    const p = parseOr400(watchBody, body(req));
    // A name that cannot drop (a.b, -a-.com) is refused (400) rather than watched for ever; an IDN
    // name is watched in the ASCII form the list has.
    const name = parseDomainName(p.fqdn);
    const { rule } = await addWatch(core, customer.id, {
      ...emptyFilters(),
      keyword: `${name.label}*`,
      zones: [name.zone],
      // Lengths count the characters a reader sees: an IDN label's Unicode form.
      minLength: name.length,
      maxLength: name.length,
    });
    return { id: rule.id, message: text.t('tg-app-watching', { name: name.display }) };
  });
}
