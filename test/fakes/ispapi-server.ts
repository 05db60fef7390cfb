import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A loopback stand-in for HEXONET's API (api.ispapi.net/api/call.cgi) speaking the real wire format:
// form-encoded s_entity/s_login/s_pw/s_command in, the plain-text [RESPONSE] block out. It keeps
// backorder applications and registered domains in memory, records every command it receives, and can
// be told to misbehave for the next calls.

export interface ReceivedCommand {
  command: string;
  /** s_command parsed into KEY → VALUE (keys upper-case) */
  params: Record<string, string>;
  /** s_command exactly as it arrived */
  raw: string;
  credentialsOk: boolean;
}

export interface FakeApplication {
  application: string;
  domain: string;
  status: string;
  params: Record<string, string>;
  auction?: { url?: string; endDate?: string; bestBid?: string };
}

export type Fault =
  /** answer with this code instead of running the command */
  | { code: number; description?: string }
  /** an HTTP error status with an HTML-ish body */
  | { httpStatus: number }
  /** exactly this body with HTTP 200 (use '' for an empty response) */
  | { body: string }
  /** answer normally, but only after this delay */
  | { delayMs: number };

export interface FakeIspapi {
  url: string;
  entity: string;
  login: string;
  password: string;
  received: ReceivedCommand[];
  applications: Map<string, FakeApplication>;
  /** fqdn → dates as HEXONET writes them (`YYYY-MM-DD HH:MM:SS`) */
  domains: Map<string, { createdDate: string; expirationDate: string }>;
  /** The next `times` calls (of `command` only, when given) get `fault`. */
  failNext(fault: Fault, opts?: { times?: number; command?: string }): void;
  /** names of the received commands, in order */
  commands(): string[];
  close(): Promise<void>;
}

type Properties = Record<string, (string | number)[]>;
interface Answer {
  code: number;
  description: string;
  properties?: Properties;
}

const DELETABLE = new Set(['REQUESTED', 'ACTIVE']);

export async function startFakeIspapi(
  opts: { entity?: string; login?: string; password?: string } = {},
): Promise<FakeIspapi> {
  const entity = opts.entity ?? '1234';
  const login = opts.login ?? 'reseller';
  const password = opts.password ?? 'correct horse battery staple';
  const received: ReceivedCommand[] = [];
  const applications = new Map<string, FakeApplication>();
  const domains = new Map<string, { createdDate: string; expirationDate: string }>();
  const faults: { fault: Fault; remaining: number; command?: string }[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let nextApplication = 10700;

  const run = (params: Record<string, string>): Answer => {
    const command = (params.COMMAND ?? '').toLowerCase();
    switch (command) {
      case 'checkauthentication':
        return { code: 200, description: 'Command completed successfully' };
      case 'adddomainapplication': {
        for (const required of ['DOMAIN', 'CLASS', 'PERIOD']) {
          if (!params[required]) return { code: 504, description: `Missing required attribute; ${required}` };
        }
        if (params.CLASS !== 'BACKORDER') return { code: 541, description: 'Invalid attribute value; CLASS' };
        if (params.NEW !== '1') return { code: 541, description: 'Invalid attribute value; NEW' };
        const application = String(nextApplication++);
        const domain = params.DOMAIN!.toLowerCase();
        applications.set(application, { application, domain, status: 'REQUESTED', params });
        return {
          code: 200,
          description: 'Command completed successfully',
          properties: { APPLICATION: [application] },
        };
      }
      case 'statusdomainapplication': {
        const a = applications.get(params.APPLICATION ?? '');
        if (!a) return { code: 545, description: 'Entity reference not found' };
        const properties: Properties = {
          APPLICATION: [a.application],
          DOMAIN: [a.domain],
          CLASS: ['BACKORDER'],
          STATUS: [a.status],
        };
        if (a.auction?.url) properties['AUCTION-URL'] = [a.auction.url];
        if (a.auction?.endDate) properties['AUCTION-ENDDATE'] = [a.auction.endDate];
        if (a.auction?.bestBid) properties['AUCTION-BESTBID'] = [a.auction.bestBid];
        return { code: 200, description: 'Command completed successfully', properties };
      }
      case 'querydomainapplicationlist': {
        const domain = params.DOMAIN?.toLowerCase();
        const found = [...applications.values()].filter(
          (a) => (!domain || a.domain === domain) && (!params.CLASS || params.CLASS === 'BACKORDER'),
        );
        return {
          code: 200,
          description: 'Command completed successfully',
          properties: {
            APPLICATION: found.map((a) => a.application),
            DOMAIN: found.map((a) => a.domain),
            CLASS: found.map(() => 'BACKORDER'),
            STATUS: found.map((a) => a.status),
            COUNT: [found.length],
            TOTAL: [found.length],
          },
        };
      }
      case 'statusdomain': {
        const d = domains.get(params.DOMAIN?.toLowerCase() ?? '');
        if (!d) return { code: 545, description: 'Entity reference not found' };
        return {
          code: 200,
          description: 'Command completed successfully',
          properties: { CREATEDDATE: [d.createdDate], EXPIRATIONDATE: [d.expirationDate] },
        };
      }
      case 'deletedomainapplication': {
        const a = applications.get(params.APPLICATION ?? '');
        if (!a) return { code: 545, description: 'Entity reference not found' };
        if (!DELETABLE.has(a.status)) return { code: 552, description: 'Object status prohibits operation' };
        applications.delete(a.application);
        return { code: 200, description: 'Command completed successfully' };
      }
      default:
        return { code: 500, description: 'Invalid command name' };
    }
  };

  const takeFault = (command: string): Fault | undefined => {
    const i = faults.findIndex((f) => !f.command || f.command.toLowerCase() === command.toLowerCase());
    const entry = faults[i];
    if (!entry) return undefined;
    if (--entry.remaining <= 0) faults.splice(i, 1);
    return entry.fault;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const raw = form.get('s_command') ?? '';
    const params = parseCommand(raw);
    const credentialsOk =
      form.get('s_entity') === entity && form.get('s_login') === login && form.get('s_pw') === password;
    received.push({ command: params.COMMAND ?? '', params, raw, credentialsOk });

    const fault = takeFault(params.COMMAND ?? '');
    if (fault && 'delayMs' in fault) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          timers.delete(t);
          resolve();
        }, fault.delayMs);
        timers.add(t);
      });
    }
    if (fault && 'httpStatus' in fault) {
      res.writeHead(fault.httpStatus, { 'content-type': 'text/html' }).end('<h1>Internal Server Error</h1>');
      return;
    }
    if (fault && 'body' in fault) {
      res.writeHead(200, { 'content-type': 'text/plain' }).end(fault.body);
      return;
    }
    let answer: Answer;
    if (fault && 'code' in fault)
      answer = { code: fault.code, description: fault.description ?? `Scripted ${fault.code}` };
    else if (!credentialsOk) answer = { code: 530, description: 'Authentication failed' };
    else answer = run(params);
    res.writeHead(200, { 'content-type': 'text/plain' }).end(formatReply(answer));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/api/call.cgi`,
    entity,
    login,
    password,
    received,
    applications,
    domains,
    failNext(fault, o = {}) {
      faults.push({ fault, remaining: o.times ?? 1, ...(o.command ? { command: o.command } : {}) });
    },
    commands: () => received.map((r) => r.command),
    close: async () => {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function parseCommand(raw: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const line of raw.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) params[line.slice(0, eq).trim().toUpperCase()] = line.slice(eq + 1);
  }
  return params;
}

function formatReply(a: Answer): string {
  const lines = ['[RESPONSE]', `CODE = ${a.code}`, `DESCRIPTION = ${a.description}`];
  for (const [name, values] of Object.entries(a.properties ?? {})) {
    values.forEach((v, i) => {
      lines.push(`PROPERTY[${name}][${i}] = ${v}`);
    });
  }
  lines.push('QUEUETIME = 0', 'RUNTIME = 0.012', 'EOF', '');
  return lines.join('\n');
}
