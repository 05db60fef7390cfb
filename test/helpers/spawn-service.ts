import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The service in a process of its own, as `npm start` runs it, with `env` on top of this
// process's environment; resolves once it has said that it started, with the port it listens on.

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

export interface Service {
  name: string;
  child: ChildProcess;
  port: number;
  /** everything it wrote to stdout and stderr so far */
  out: () => string;
  exited: Promise<number | null>;
}

/** `compiled`: run dist/main.js as `npm start` does (built beforehand), not the TypeScript through tsx. */
export function startService(
  name: string,
  env: Record<string, string>,
  opts: { compiled?: boolean } = {},
): Promise<Service> {
  const args = opts.compiled ? ['--enable-source-maps', 'dist/main.js'] : ['--import', 'tsx', 'app/main.ts'];
  const child = spawn(process.execPath, args, {
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
