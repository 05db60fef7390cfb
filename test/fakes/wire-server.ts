import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// The loopback HTTP side both registrar fakes share, since HEXONET and CentralNic Reseller speak one
// wire format: a form-encoded POST (credential fields and `s_command`, KEY=VALUE lines) in, the
// plain-text [RESPONSE] block out. A protocol (ispapi-server.ts, cnr-server.ts) says who may call
// and runs the commands; this part records every call and misbehaves on request.

export interface ReceivedCommand {
  command: string;
  /** s_command parsed into KEY → VALUE (keys upper-case) */
  params: Record<string, string>;
  /** s_command exactly as it arrived */
  raw: string;
  /** the other form fields (s_login, s_pw, s_sessionid, persistent, …) */
  fields: Record<string, string>;
  credentialsOk: boolean;
}

export type Fault =
  /** answer with this code instead of running the command */
  | { code: number; description?: string }
  /** an HTTP error status with an HTML-ish body */
  | { httpStatus: number }
  /** exactly this body with HTTP 200 (use '' for an empty response) */
  | { body: string }
  /** answer normally, but only after this delay */
  | { delayMs: number }
  /** never answer (the client has to give up) */
  | { hang: true }
  /** start the normal reply, then cut the connection mid-body */
  | { truncate: true }
  /** run the command, then drop the connection: the command took effect, its reply is lost */
  | { lostReply: true };

export type Properties = Record<string, (string | number)[]>;

export interface Answer {
  code: number;
  description: string;
  properties?: Properties;
}

export interface Protocol {
  /** Whether the call's credential fields are good (else 530, the command is not run). */
  authenticate(fields: Record<string, string>, params: Record<string, string>): boolean;
  run(params: Record<string, string>, fields: Record<string, string>): Answer;
  /** HEXONET writes names in upper case, CNR in lower case */
  letterCase: 'upper' | 'lower';
}

export interface WireServer {
  url: string;
  received: ReceivedCommand[];
  /** The next `times` calls (of `command` only, when given) get `fault`, once `after` of them passed. */
  failNext(fault: Fault, opts?: { times?: number; command?: string; after?: number }): void;
  /** forgets every fault still waiting (a long outage ends) */
  clearFaults(): void;
  /** names of the received commands, in order */
  commands(): string[];
  close(): Promise<void>;
}

export async function startWireServer(protocol: Protocol): Promise<WireServer> {
  const received: ReceivedCommand[] = [];
  const faults: { fault: Fault; remaining: number; after: number; command?: string }[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let release: () => void = () => {};
  const closed = new Promise<void>((resolve) => {
    release = resolve;
  });

  const takeFault = (command: string): Fault | undefined => {
    const i = faults.findIndex((f) => !f.command || f.command.toLowerCase() === command.toLowerCase());
    const entry = faults[i];
    if (!entry) return undefined;
    if (entry.after > 0) {
      entry.after--;
      return undefined;
    }
    if (--entry.remaining <= 0) faults.splice(i, 1);
    return entry.fault;
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const raw = form.get('s_command') ?? '';
    const params = parseCommand(raw);
    const fields = Object.fromEntries([...form].filter(([k]) => k !== 's_command'));
    const credentialsOk = protocol.authenticate(fields, params);
    received.push({ command: params.COMMAND ?? '', params, raw, fields, credentialsOk });

    const fault = takeFault(params.COMMAND ?? '');
    if (fault && 'hang' in fault) return closed.then(() => res.destroy());
    if (fault && 'delayMs' in fault) await sleep(fault.delayMs);
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
    else answer = protocol.run(params, fields);
    if (fault && 'lostReply' in fault) {
      res.destroy();
      return;
    }
    const body = formatReply(answer, protocol.letterCase);
    if (fault && 'truncate' in fault) {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write(body.slice(0, Math.floor(body.length / 2)), () => res.destroy());
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain' }).end(body);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/api/call.cgi`,
    received,
    clearFaults() {
      faults.length = 0;
    },
    failNext(fault, o = {}) {
      faults.push({
        fault,
        remaining: o.times ?? 1,
        after: o.after ?? 0,
        ...(o.command ? { command: o.command } : {}),
      });
    },
    commands: () => received.map((r) => r.command),
    close: async () => {
      for (const t of timers) clearTimeout(t);
      release();
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

function formatReply(a: Answer, letterCase: Protocol['letterCase']): string {
  const key = (name: string) => (letterCase === 'upper' ? name.toUpperCase() : name.toLowerCase());
  const lines = ['[RESPONSE]', `${key('code')} = ${a.code}`, `${key('description')} = ${a.description}`];
  for (const [name, values] of Object.entries(a.properties ?? {})) {
    values.forEach((v, i) => {
      lines.push(`${key('property')}[${key(name)}][${i}] = ${v}`);
    });
  }
  lines.push(`${key('queuetime')} = 0`, `${key('runtime')} = 0.012`, 'EOF', '');
  return lines.join('\n');
}
