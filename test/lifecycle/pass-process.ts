import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { auctionsService } from '../../src/auctions/service.ts';
import { createLifecycle, type LifecycleOptions } from '../../src/backorders/lifecycle/engine.ts';
import type { PassResult } from '../../src/backorders/lifecycle/pass.ts';
import { type Clock, fixedClock } from '../../src/clock.ts';
import { type Db, openDb } from '../../src/db/client.ts';
import { RegistrarError } from '../../src/errors.ts';
import { silentLogger } from '../../src/log.ts';
import type { Registrar } from '../../src/registrar/port.ts';
import { settings } from './world.ts';

// The lifecycle engine in a process of its own, for passes that really run at the same time:
// better-sqlite3 is synchronous, so two clients in one process deadlock while one waits for the
// other's write lock. The child's registrar calls travel over IPC to one Registrar in the test
// process, as two instances of the service talk to one registrar. The child's clock stands still at
// the pass's instant, or runs with the wall clock shifted by `clockOffsetMs`, as a `batch` started
// beside a running service reads the time.

type Method = Exclude<keyof Registrar, 'kind'>;

export type PassOptions = Pick<LifecycleOptions, 'chunkSize' | 'concurrency' | 'claimLeaseMs'> & {
  /** the clock runs: Date.now() + clockOffsetMs (otherwise it stands at the pass's instant) */
  clockOffsetMs?: number;
};
type Failure = { registrar?: { temporary: boolean; code: number }; message: string };

const toFailure = (e: unknown): Failure => ({
  message: String((e as Error)?.message ?? e),
  ...(e instanceof RegistrarError ? { registrar: { temporary: e.temporary, code: e.registrarCode } } : {}),
});
const fromFailure = (f: Failure): Error =>
  f.registrar ? new RegistrarError(f.registrar.temporary, f.registrar.code, f.message) : new Error(f.message);

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let next = 0;
  const call = (method: Method, args: unknown[]) =>
    new Promise<never>((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      process.send?.({ call: id, method, args });
    });
  const registrar: Registrar = {
    kind: 'sandbox',
    liteClass: false,
    addApplication: (...a) => call('addApplication', a),
    findApplication: (...a) => call('findApplication', a),
    applicationStatus: (...a) => call('applicationStatus', a),
    domainStatus: (...a) => call('domainStatus', a),
    deleteApplication: (...a) => call('deleteApplication', a),
    checkAuthentication: () => call('checkAuthentication', []),
  };
  const dbs = new Map<string, Db>();
  const engine = async (url: string, at: Date, { clockOffsetMs, ...options }: PassOptions) => {
    const db = dbs.get(url) ?? (await openDb(url));
    dbs.set(url, db);
    const clock: Clock =
      clockOffsetMs === undefined ? fixedClock(at) : { now: () => new Date(Date.now() + clockOffsetMs) };
    return createLifecycle({
      db,
      registrar,
      log: silentLogger,
      clock,
      openAuction: auctionsService(db, settings).openAuction,
      ...options,
    });
  };
  type Message = {
    reply?: number;
    value?: unknown;
    failure?: Failure;
    pass?: number;
    at?: Date;
    url?: string;
    options?: PassOptions;
  };
  process.on('message', async (m: Message) => {
    if (m.reply !== undefined) {
      const w = waiting.get(m.reply)!;
      waiting.delete(m.reply);
      if (m.failure) w.reject(fromFailure(m.failure));
      else w.resolve(m.value);
      return;
    }
    try {
      process.send?.({
        pass: m.pass,
        result: await (await engine(m.url!, m.at!, m.options!)).runPass(m.at!),
      });
    } catch (e) {
      process.send?.({ pass: m.pass, failure: toFailure(e) });
    }
  });
  process.on('disconnect', () => {
    for (const db of dbs.values()) void db.close();
  });
  process.send?.({ ready: true });
}

export interface PassProcess {
  /** the registrar the child's calls go to (set per test) */
  registrar: Registrar | null;
  runPass(url: string, at: Date, options: PassOptions): Promise<PassResult>;
  close(): void;
}

export async function startPassProcess(): Promise<PassProcess> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [], {
    execArgv: ['--import', 'tsx'],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const passes = new Map<number, { resolve(r: PassResult): void; reject(e: Error): void }>();
  let next = 0;
  child.on(
    'message',
    async (m: {
      ready?: true;
      call?: number;
      method?: Method;
      args?: unknown[];
      pass?: number;
      result?: PassResult;
      failure?: Failure;
    }) => {
      if (m.call !== undefined) {
        try {
          const fn = handle.registrar![m.method!] as (...a: unknown[]) => Promise<unknown>;
          child.send({ reply: m.call, value: await fn(...m.args!) });
        } catch (e) {
          child.send({ reply: m.call, failure: toFailure(e) });
        }
      } else if (m.pass !== undefined) {
        const p = passes.get(m.pass)!;
        passes.delete(m.pass);
        if (m.failure) p.reject(fromFailure(m.failure));
        else p.resolve(m.result!);
      }
    },
  );
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`pass process exited with ${code}`)));
    child.on('message', (m: { ready?: true }) => m.ready && resolve());
  });
  const handle: PassProcess = {
    registrar: null,
    runPass: (url, at, options) =>
      new Promise((resolve, reject) => {
        const id = next++;
        passes.set(id, { resolve, reject });
        child.send({ pass: id, url, at, options });
      }),
    close: () => child.disconnect(),
  };
  return handle;
}
