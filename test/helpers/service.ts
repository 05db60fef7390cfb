import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// `src/main.ts` in a process of its own, exactly as `npm start` runs it, with `env` on top of this
// process's environment; resolves once it says it started and which port it listens on.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Service {
  name: string;
  child: ChildProcess;
  port: number;
  out: () => string;
  exited: Promise<number | null>;
}

export function startService(name: string, env: Record<string, string>): Promise<Service> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...env,
      INSTANCE_ID: name,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: '0',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => {
    out += b.toString();
  });
  child.stderr!.on('data', (b: Buffer) => {
    out += b.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /listening on http:\/\/[\d.]+:(\d+)/.exec(out);
      if (m && out.includes('backorder started')) {
        clearInterval(timer);
        resolve({ name, child, port: Number(m[1]), out: () => out, exited });
      }
    }, 100);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`${name} exited with ${code} at start:\n${out}`));
    });
  });
}
