import { randomBytes } from 'node:crypto';
import { type Answer, type Properties, startWireServer, type WireServer } from './wire-server.ts';

// A loopback stand-in for CentralNic Reseller's HTTPS gateway (api.rrpproxy.net/api/call.cgi),
// written from its documentation; the wire format is HEXONET's (wire-server.ts) with lower-case names.
// - Sessions: StartSession with s_login/s_pw and persistent=1 answers property[sessionid]; later
//   calls carry s_login/s_sessionid; StopSession ends it (kb.centralnicreseller.com/api/api-security/
//   https-session-handling). A bad or expired session is 530 (rtldev-middleware-node-sdk
//   tests/CNR/cassettes/logout-fail.json). `expireSessions()` ends them all, as the gateway's clock would.
// - Backorders: AddDomainApplication with CLASS BACKORDER or LITEBACKORDER and contact handles
//   (kb.centralnicreseller.com/api/api-command/AddDomainApplication); StatusDomainApplication,
//   DeleteDomainApplication, QueryDomainApplicationList (cnr-kb-poc src/content/docs/api/api-command/*.md);
//   new applications wait as UNPAID (kb.centralnicreseller.com/domains/backorders).
// - QueryDomainPendingDeleteList with ZONE#, FIRST, LIMIT and the columns DOMAIN, FINALIZATIONDATE,
//   SCORE, SUBCLASS as HEXONET documents it (hexonet-api-documentation
//   API/DOMAIN/APPLICATION/QUERYDOMAINPENDINGDELETELIST.md); CNR's own page is not readable.
// ASSUMED where the documentation is silent: reply properties come as property[name][0] (the KB
// shows `application = (INT)`), the finalization date of an application is spelt `finalization_date`,
// a finalized application cannot be deleted (552), and names carry underscores as on the KB.

export type { Fault, ReceivedCommand } from './wire-server.ts';

export interface FakeCnrApplication {
  application: string;
  domain: string;
  class: string;
  status: string;
  params: Record<string, string>;
  /** `YYYY-MM-DD HH:MM:SS`, as CNR writes dates */
  finalizationDate?: string;
  auction?: { url?: string; endDate?: string; bestBid?: string };
}

export interface PendingDelete {
  domain: string;
  finalizationDate?: string;
  /** a drop-time column CNR may add beside the documented ones */
  dropDate?: string;
  score?: number;
}

export interface FakeCnr extends WireServer {
  login: string;
  password: string;
  applications: Map<string, FakeCnrApplication>;
  /** fqdn → dates as CNR writes them */
  domains: Map<string, { createdDate: string; expirationDate: string }>;
  /** the drop list QueryDomainPendingDeleteList pages through */
  pendingDeletes: PendingDelete[];
  /** session ids open now */
  sessions: Set<string>;
  expireSessions(): void;
}

export interface FakeCnrOptions {
  login?: string;
  password?: string;
  /** status of a new application (UNPAID unless prepaid) */
  initialStatus?: string;
  /** what to report for an application instead of its stored status and auction (scripted outcomes) */
  script?: (
    a: FakeCnrApplication,
  ) => Pick<FakeCnrApplication, 'status' | 'auction' | 'finalizationDate'> | undefined;
  /** told of every application the fake accepts */
  onApplication?: (a: FakeCnrApplication) => void;
  /** rows per page when a query gives no LIMIT */
  defaultLimit?: number;
}

const OK = 'Command completed successfully';
const CLASSES = new Set(['BACKORDER', 'LITEBACKORDER']);
const DELETABLE = new Set(['UNPAID', 'PAID']);
const CONTACTS = ['OWNERCONTACT0', 'ADMINCONTACT0', 'TECHCONTACT0', 'BILLINGCONTACT0'];

/** `*` in a CNR pattern matches anything (DOMAIN, CLASS of the list queries). */
const matches = (pattern: string | undefined, value: string) =>
  !pattern || new RegExp(`^${pattern.split('*').map(escapeRegex).join('.*')}$`, 'i').test(value);
const escapeRegex = (s: string) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');

function page<T>(rows: T[], params: Record<string, string>, defaultLimit: number) {
  const first = Number(params.FIRST ?? 0);
  const limit = Number(params.LIMIT ?? defaultLimit);
  const shown = rows.slice(first, first + limit);
  return {
    shown,
    meta: {
      COUNT: [shown.length],
      FIRST: [first],
      LAST: [shown.length ? first + shown.length - 1 : first],
      LIMIT: [limit],
      TOTAL: [rows.length],
    },
  };
}

export async function startFakeCnr(opts: FakeCnrOptions = {}): Promise<FakeCnr> {
  const login = opts.login ?? 'reseller';
  const password = opts.password ?? 'correct horse battery staple';
  const applications = new Map<string, FakeCnrApplication>();
  const domains = new Map<string, { createdDate: string; expirationDate: string }>();
  const pendingDeletes: PendingDelete[] = [];
  const sessions = new Set<string>();
  let nextApplication = 5000;
  const scripted = (a: FakeCnrApplication) => opts.script?.(a) ?? a;
  const statusOf = (a: FakeCnrApplication) => scripted(a).status;
  const notFound: Answer = { code: 545, description: 'Entity reference not found' };

  const run = (params: Record<string, string>, fields: Record<string, string>): Answer => {
    switch ((params.COMMAND ?? '').toLowerCase()) {
      case 'startsession': {
        const id = randomBytes(16).toString('hex');
        sessions.add(id);
        return {
          code: 200,
          description: OK,
          properties: { 'expiration date': ['2030-01-01 00:00:00'], sessionid: [id] },
        };
      }
      case 'stopsession':
        sessions.delete(fields.s_sessionid ?? '');
        return { code: 200, description: OK };
      case 'adddomainapplication': {
        for (const required of ['DOMAIN', 'CLASS', 'PERIOD']) {
          if (!params[required]) return { code: 504, description: `Missing required attribute; ${required}` };
        }
        if (!CLASSES.has(params.CLASS!)) return { code: 541, description: 'Invalid attribute value; CLASS' };
        // Contacts are handles; an inline contact (OWNERCONTACT0FIRSTNAME…) is not a CNR attribute.
        const inline = Object.keys(params).find((k) => CONTACTS.some((c) => k.startsWith(c) && k !== c));
        if (inline) return { code: 503, description: `Invalid attribute name; ${inline}` };
        const a: FakeCnrApplication = {
          application: String(nextApplication++),
          domain: params.DOMAIN!.toLowerCase(),
          class: params.CLASS!,
          status: opts.initialStatus ?? 'UNPAID',
          params,
        };
        applications.set(a.application, a);
        opts.onApplication?.(a);
        return {
          code: 200,
          description: OK,
          properties: { application: [a.application], status: [statusOf(a)] },
        };
      }
      case 'statusdomainapplication': {
        const a = applications.get(params.APPLICATION ?? '');
        if (!a) return notFound;
        const properties: Properties = {
          domain: [a.domain],
          application_id: [a.application],
          status: [statusOf(a)],
          period: [1],
          class: [a.class],
          created_date: ['2027-01-01 00:00:00'],
          update_date: ['2027-01-01 00:00:00'],
        };
        const { auction, finalizationDate } = scripted(a);
        if (finalizationDate) properties.finalization_date = [finalizationDate];
        if (auction?.url) properties['auction-url'] = [auction.url];
        if (auction?.endDate) properties['auction-enddate'] = [auction.endDate];
        if (auction?.bestBid) properties['auction-bestbid'] = [auction.bestBid];
        return { code: 200, description: OK, properties };
      }
      case 'querydomainapplicationlist': {
        const found = [...applications.values()].filter(
          (a) => matches(params.DOMAIN, a.domain) && matches(params.CLASS, a.class),
        );
        const { shown, meta } = page(found, params, opts.defaultLimit ?? 1000);
        const properties: Properties = {
          application: shown.map((a) => a.application),
          domain: shown.map((a) => a.domain),
          class: shown.map((a) => a.class),
          status: shown.map(statusOf),
          created_date: shown.map(() => '2027-01-01 00:00:00'),
          updated_date: shown.map(() => '2027-01-01 00:00:00'),
        };
        if (params.WIDE === '1') properties.finalizationdate = shown.map((a) => a.finalizationDate ?? '');
        return { code: 200, description: OK, properties: { ...properties, ...meta } };
      }
      case 'deletedomainapplication': {
        const a = applications.get(params.APPLICATION ?? '');
        if (!a) return notFound;
        if (!DELETABLE.has(statusOf(a)))
          return { code: 552, description: 'Object status prohibits operation' };
        applications.delete(a.application);
        return { code: 200, description: OK, properties: { domain: [a.domain] } };
      }
      case 'statusdomain': {
        const d = domains.get(params.DOMAIN?.toLowerCase() ?? '');
        if (!d) return notFound;
        return {
          code: 200,
          description: OK,
          properties: {
            domain: [params.DOMAIN!.toLowerCase()],
            created_date: [d.createdDate],
            registration_expiration_date: [d.expirationDate],
          },
        };
      }
      case 'querydomainpendingdeletelist': {
        const zones = Object.entries(params)
          .filter(([k]) => /^ZONE\d+$/.test(k))
          .map(([, v]) => v.toUpperCase());
        const subclass = (domain: string) => domain.slice(domain.indexOf('.') + 1).toUpperCase();
        const rows = pendingDeletes.filter((r) => !zones.length || zones.includes(subclass(r.domain)));
        const { shown, meta } = page(rows, params, opts.defaultLimit ?? 1000);
        const properties: Properties = {
          domain: shown.map((r) => r.domain),
          finalizationdate: shown.map((r) => r.finalizationDate ?? ''),
          score: shown.map((r) => r.score ?? 0),
          subclass: shown.map((r) => subclass(r.domain)),
        };
        if (shown.some((r) => r.dropDate)) properties.dropdate = shown.map((r) => r.dropDate ?? '');
        return { code: 200, description: OK, properties: { ...properties, ...meta } };
      }
      default:
        return { code: 500, description: 'Invalid command name' };
    }
  };

  const server = await startWireServer({
    letterCase: 'lower',
    authenticate(fields, params) {
      if (fields.s_login !== login) return false;
      if (fields.s_sessionid !== undefined) return sessions.has(fields.s_sessionid);
      return fields.s_pw === password && (params.COMMAND ?? '').toLowerCase() !== 'stopsession';
    },
    run,
  });
  return {
    ...server,
    login,
    password,
    applications,
    domains,
    pendingDeletes,
    sessions,
    expireSessions: () => sessions.clear(),
  };
}
