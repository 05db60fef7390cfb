import { systemClock } from './clock.ts';
import { ConfigError, loadConfig } from './config.ts';
import { mountHealth } from './http/health.ts';
import { createHttpServer } from './http/server.ts';
import { createLogger } from './log.ts';
import { createMetrics } from './metrics.ts';
import { openRuntime } from './runtime.ts';
import { secretsOf } from './cli.ts';

// The composition root: config → database → core → HTTP → jobs → bots, and a clean stop.

export interface Running {
  name: string;
  stop(): Promise<void>;
}

const STOP_DEADLINE_MS = 9_000;

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  const log = createLogger({ level: config.LOG_LEVEL, secrets: secretsOf(config) });
  const startedAt = new Date();
  const metrics = createMetrics();
  const runtime = await openRuntime({ config, log, clock: systemClock, metrics });
  const { core } = runtime;
  const running: Running[] = [];

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal} received: stopping\n`);
    const force = setTimeout(() => {
      process.stderr.write('stop took too long; exiting\n');
      process.exit(0);
    }, STOP_DEADLINE_MS);
    force.unref();
    for (const r of running.reverse()) {
      await r.stop().catch((e) => log.error('stop failed', { service: r.name, error: e }));
    }
    await runtime.close();
    clearTimeout(force);
    process.stdout.write('stopped\n');
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stop(signal));

  const http = createHttpServer({ host: config.HTTP_HOST, port: config.HTTP_PORT, log });
  mountHealth(http, { db: core.db, metrics, startedAt, instanceId: config.instanceId });
  const address = await http.listen();
  running.push({ name: 'http', stop: () => http.close() });

  const lines = [
    `backorder started (${config.databaseKind} database, ${config.REGISTRAR} registrar)`,
    `  http: listening on http://${address.host}:${address.port} (GET /healthz, GET /metrics)`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((e) => {
  process.stderr.write(`backorder failed to start: ${(e as Error)?.stack ?? e}\n`);
  process.exit(1);
});
