import { type Answer, type Properties, startWireServer, type WireServer } from './wire-server.ts';

// A loopback stand-in for HEXONET's API (api.ispapi.net/api/call.cgi) speaking the real wire format
// (wire-server.ts): s_entity/s_login/s_pw with every call. It keeps backorder applications and
// registered domains in memory, records every command it receives, and can be told to misbehave for
// the next calls.

export type { Fault, ReceivedCommand } from './wire-server.ts';

export interface FakeApplication {
  application: string;
  domain: string;
  status: string;
  params: Record<string, string>;
  auction?: { url?: string; endDate?: string; bestBid?: string };
}

export interface FakeIspapi extends WireServer {
  entity: string;
  login: string;
  password: string;
  applications: Map<string, FakeApplication>;
  /** fqdn → dates as HEXONET writes them (`YYYY-MM-DD HH:MM:SS`) */
  domains: Map<string, { createdDate: string; expirationDate: string }>;
}

const DELETABLE = new Set(['REQUESTED', 'ACTIVE']);

export async function startFakeIspapi(
  opts: { entity?: string; login?: string; password?: string } = {},
): Promise<FakeIspapi> {
  const entity = opts.entity ?? '1234';
  const login = opts.login ?? 'reseller';
  const password = opts.password ?? 'correct horse battery staple';
  const applications = new Map<string, FakeApplication>();
  const domains = new Map<string, { createdDate: string; expirationDate: string }>();
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

  const server = await startWireServer({
    letterCase: 'upper',
    authenticate: (fields) =>
      fields.s_entity === entity && fields.s_login === login && fields.s_pw === password,
    run,
  });
  return { ...server, entity, login, password, applications, domains };
}
