import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TELEGRAM_CHANNEL } from '../../bots/telegram/channel-spec.ts';
import type { FaultStep } from '../../src/backorders/lifecycle/faults.ts';
import { sendLeaseMs } from '../../src/backorders/lifecycle/timing.ts';
import { lifecycleService } from '../../src/backorders/service.ts';
import { loadConfig } from '../../src/config.ts';
import { mountHealth } from '../../src/http/health.ts';
import { createHttpServer } from '../../src/http/server.ts';
import { jobDefinitions } from '../../src/jobs/definitions.ts';
import { createScheduler, type JobResult } from '../../src/jobs/scheduler.ts';
import { createLogger } from '../../src/log.ts';
import type { NotificationChannel, OutgoingMessage, SendResult } from '../../src/notify/channel.ts';
import { type DispatchStats, dispatchOnce } from '../../src/notify/dispatcher.ts';
import { createMetrics } from '../../src/prometheus.ts';
import { openRuntime } from '../../src/runtime.ts';
import type { SearchQueryInput, SearchResult } from '../../src/search/query.ts';
import type { SearchState } from '../../src/search/search.ts';

// One instance of the service in a process of its own, composed as app/main.ts composes it (config
// from the environment, migrations at start, the core, the HTTP server with /healthz, the scheduler
// with the real job definitions and their database leases, the dispatcher's code), but driven by
// the test over IPC instead of by timers: the test sets the instance's clock and says when to run a
// job, a batch-style pass or a dispatch round, so a scripted day takes minutes, not a day.
//
// What must survive the instance being killed lives in the test process: the registrar is the
// loopback HEXONET fake (REGISTRAR=ispapi, ISPAPI_URL), and notifications go out through a channel
// whose send() is answered by the test over IPC: the test records a message before answering, as a
// platform does, so a SIGKILL can lose only the instance's bookkeeping, never the record.

export interface JobSpan {
  job: string;
  instance: string;
  /** wall-clock milliseconds (Date.now()) around job.run, comparable across processes */
  from: number;
  to: number;
}

type Request =
  | { cmd: 'clock'; at: string }
  | { cmd: 'job'; name: string }
  | { cmd: 'pass' }
  | { cmd: 'dispatch' }
  | { cmd: 'pauseAt'; step: FaultStep }
  | { cmd: 'customer'; externalId: string; name: string }
  | { cmd: 'credit'; customerId: number; amount: string; currency: string; key: string }
  | { cmd: 'place'; customerId: number; fqdn: string }
  | { cmd: 'search'; query: SearchQueryInput }
  | { cmd: 'warmSearch' }
  | { cmd: 'searchState' }
  | { cmd: 'import'; file: string }
  | { cmd: 'close' };

/** What the instance asks of the test: a message to record (the channel's send). */
interface Send {
  send: number;
  recipient: string;
  message: OutgoingMessage;
}

type Up =
  | { ready: true; port: number; instance: string }
  | { reply: number; value?: unknown; error?: string; ms?: number }
  | Send
  | { span: JobSpan }
  | { paused: FaultStep };

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const up = (m: Up) => process.send?.(m);
  const config = loadConfig();
  let now = new Date(process.env.START_AT ?? Date.now());
  const clock = { now: () => new Date(now) };
  const log = createLogger({
    level: 'error',
    write: (line) => process.stderr.write(`[${config.instanceId}] ${line}\n`),
  });
  const metrics = createMetrics();
  const runtime = await openRuntime({ config, log, clock, metrics });
  const base = runtime.core;

  // The lifecycle as the core builds it, plus the engine's test-only fault hook: the test can make
  // this instance stop dead at a named step of a pass, and then kill it there.
  let pauseAt: FaultStep | undefined;
  const lifecycle = lifecycleService({
    ...base,
    log,
    clock,
    openAuction: base.auctions.openAuction,
    settleAuctions: base.auctions.settleDue,
    claimLeaseMs: sendLeaseMs(config.ISPAPI_TIMEOUT_MS),
    faults: async (step) => {
      if (step !== pauseAt) return;
      up({ paused: step });
      await new Promise(() => {}); // never returns: the test kills the process here
    },
  });
  const core = { ...base, lifecycle };

  const http = createHttpServer({ host: '127.0.0.1', port: config.HTTP_PORT, log });
  mountHealth(http, { db: core.db, metrics, log, startedAt: new Date(), instanceId: config.instanceId });
  const address = await http.listen();

  const jobs = jobDefinitions(core).map((j) => ({
    ...j,
    run: async (at: Date) => {
      const from = Date.now();
      try {
        return await j.run(at);
      } finally {
        up({ span: { job: j.name, instance: config.instanceId, from, to: Date.now() } });
      }
    },
  }));
  const scheduler = createScheduler({
    db: core.db,
    clock,
    log,
    metrics,
    instanceId: config.instanceId,
    jobs,
  });

  let sends = 0;
  const waiting = new Map<number, (r: SendResult) => void>();
  const channel: NotificationChannel = {
    ...TELEGRAM_CHANNEL,
    // the pace is the test's business (the pacer measures real time)
    limits: { ...TELEGRAM_CHANNEL.limits, perDestination: { count: 1000, perMs: 1000 }, total: undefined },
    send: (recipient, message) =>
      new Promise((resolve) => {
        const id = ++sends;
        waiting.set(id, resolve);
        up({ send: id, recipient, message });
      }),
  };

  const handlers: { [K in Request['cmd']]: (r: Extract<Request, { cmd: K }>) => Promise<unknown> } = {
    clock: async (r) => {
      now = new Date(r.at);
    },
    job: (r): Promise<JobResult> => scheduler.runNow(r.name),
    pass: () => core.lifecycle.runPass(clock.now()),
    dispatch: (): Promise<DispatchStats> =>
      dispatchOnce({ core, channels: [channel], routes: [], log, clock }),
    pauseAt: async (r) => {
      pauseAt = r.step;
    },
    customer: async (r) => {
      const { customer, created } = await core.customers.findOrCreateByIdentity({
        platform: 'telegram',
        externalId: r.externalId,
        name: r.name,
      });
      return { id: customer.id, created };
    },
    credit: async (r) => {
      await core.billing.credit({
        customer: r.customerId,
        amount: r.amount,
        currency: r.currency,
        actor: 'test',
        idempotencyKey: r.key,
      });
    },
    place: async (r) => (await core.backorders.place(r.customerId, r.fqdn)).id,
    search: (r): Promise<SearchResult> => core.search.search(r.query),
    // As app/main.ts keeps the memory index of the service's searches.
    warmSearch: () => core.search.warm(),
    searchState: (): Promise<SearchState> => core.search.state(),
    import: async (r) => {
      const { added, updated, removed, rejected, total } = await core.droplist.import(
        core.droplist.source({ file: r.file }),
      );
      return { added, updated, removed, rejected, total };
    },
    close: async () => {
      await scheduler.stop();
      await http.close();
      await runtime.close();
      setImmediate(() => process.exit(0));
    },
  };

  process.on('message', (m: { reply?: number; result?: SendResult; id?: number } & Partial<Request>) => {
    if (m.reply !== undefined) {
      const resolve = waiting.get(m.reply);
      waiting.delete(m.reply);
      resolve?.(m.result!);
      return;
    }
    const id = m.id!;
    const handler = handlers[m.cmd!] as (r: Request) => Promise<unknown>;
    const t0 = performance.now();
    handler(m as Request).then(
      (value) => up({ reply: id, value, ms: performance.now() - t0 }),
      (e) => up({ reply: id, error: String((e as Error)?.stack ?? e) }),
    );
  });
  process.on('disconnect', () => process.exit(0));
  up({ ready: true, port: address.port, instance: config.instanceId });
}

// ---------------------------------------------------------------------------------------------------
// The test's side.

export interface Recorded {
  id: string;
  instance: string;
  recipient: string;
  text: string;
}

export interface Instance {
  name: string;
  port: number;
  child: ChildProcess;
  /** every job run of this instance, in real time */
  spans: JobSpan[];
  call<T = unknown>(cmd: Request): Promise<T>;
  /** the same, with how long the instance took to handle it (ms, its own clock, without the IPC) */
  timed<T = unknown>(cmd: Request): Promise<{ value: T; ms: number }>;
  /** resolves when the instance stops at the step set with pauseAt */
  paused: Promise<FaultStep>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts one instance with `env` on top of this process's environment. `sent` receives every
 * message any instance sends (shared by all instances, as a platform is); ids are unique.
 */
export function startInstance(
  name: string,
  env: Record<string, string>,
  sent: Recorded[],
): Promise<Instance> {
  const child = fork(fileURLToPath(import.meta.url), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env, INSTANCE_ID: name, HTTP_PORT: '0', LOG_LEVEL: 'error' },
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const replies = new Map<
    number,
    { resolve(v: { value: unknown; ms: number }): void; reject(e: Error): void }
  >();
  const spans: JobSpan[] = [];
  let next = 0;
  let onPaused!: (s: FaultStep) => void;
  const paused = new Promise<FaultStep>((r) => {
    onPaused = r;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      for (const r of replies.values()) r.reject(new Error(`instance ${name} exited (${signal ?? code})`));
      replies.clear();
      resolve({ code, signal });
    });
  });
  const timed = <T>(r: Request) =>
    new Promise<{ value: T; ms: number }>((resolve, reject) => {
      const id = ++next;
      replies.set(id, { resolve: resolve as (v: { value: unknown; ms: number }) => void, reject });
      child.send({ ...r, id });
    });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    void exited.then(({ code, signal }) =>
      reject(new Error(`instance ${name} exited at start (${signal ?? code})`)),
    );
    child.on('message', (m: Up) => {
      if ('ready' in m) {
        resolve({
          name,
          port: m.port,
          child,
          spans,
          paused,
          exited,
          call: async <T>(r: Request) => (await timed<T>(r)).value,
          timed,
        });
      } else if ('reply' in m) {
        const r = replies.get(m.reply);
        replies.delete(m.reply);
        if (m.error !== undefined) r?.reject(new Error(`instance ${name}: ${m.error}`));
        else r?.resolve({ value: m.value, ms: m.ms ?? Number.NaN });
      } else if ('send' in m) {
        // Recorded before it is acknowledged, like a platform that has the message once it answers.
        const id = `${name}-${m.send}`;
        sent.push({ id, instance: name, recipient: m.recipient, text: m.message.text });
        const result: SendResult = { ok: true, providerMessageId: id };
        if (child.connected) child.send({ reply: m.send, result });
      } else if ('span' in m) {
        spans.push(m.span);
      } else if ('paused' in m) {
        onPaused(m.paused);
      }
    });
  });
}
