import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { captureHold, deposit, takeHold } from '../../src/billing/ledger.ts';
import { findOrCreateByIdentity } from '../../src/customers/customers.ts';
import { openDb, type Tx } from '../../src/db/client.ts';

// A second (third…) process on the same database, for races that must be real: better-sqlite3 is
// synchronous, so two clients in ONE process deadlock while one waits for the other's write lock
// (the waiter blocks the event loop the holder needs to commit). Each child runs ledger calls in
// its own transaction on command, over IPC with structured clone (bigint and Date survive).

export type Op = 'takeHold' | 'captureHold' | 'deposit' | 'findOrCreateByIdentity';
const OPS: Record<Op, (tx: Tx, args: never) => Promise<{ created: boolean }>> = {
  takeHold,
  captureHold,
  deposit,
  findOrCreateByIdentity: (tx, args) => findOrCreateByIdentity(tx, args, { currency: 'USD', language: 'en' }),
};
export type Outcome = { ok: true; created: boolean } | { ok: false; code: string; message: string };

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const db = await openDb(process.argv[2]!);
  process.on('message', async (m: { id: number; op: Op; args: never }) => {
    let out: Outcome;
    try {
      const r = await db.tx((tx) => OPS[m.op](tx, m.args));
      out = { ok: true, created: r.created };
    } catch (e) {
      out = { ok: false, code: String((e as { code?: string }).code), message: String((e as Error).message) };
    }
    process.send?.({ id: m.id, out });
  });
  process.on('disconnect', () => void db.close());
  process.send?.({ ready: true });
}

export interface RaceProcess {
  run(op: Op, args: unknown): Promise<Outcome>;
  close(): void;
}

export async function startRaceProcess(url: string): Promise<RaceProcess> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [url], {
    execArgv: ['--import', 'tsx'],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, (o: Outcome) => void>();
  let next = 0;
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`race process exited with ${code}`)));
    child.on('message', (m: { ready?: true; id?: number; out?: Outcome }) => {
      if (m.ready) resolve();
      else pending.get(m.id!)?.(m.out!);
    });
  });
  return {
    run: (op, args) =>
      new Promise((resolve) => {
        const id = next++;
        pending.set(id, resolve);
        child.send({ id, op, args });
      }),
    close: () => child.disconnect(),
  };
}
