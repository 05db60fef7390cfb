import v8 from 'node:v8';
import { notificationRoutes, startBots } from '../bots/index.ts';
import { systemClock } from '../src/clock.ts';
import { ConfigError, loadConfig } from '../src/config.ts';
import { mountHealth } from '../src/http/health.ts';
import { createHttpServer } from '../src/http/server.ts';
import { jobDefinitions } from '../src/jobs/definitions.ts';
import { createScheduler } from '../src/jobs/scheduler.ts';
import { createLogger } from '../src/log.ts';
import { startDispatcher } from '../src/notify/dispatcher.ts';
import { createMetrics } from '../src/prometheus.ts';
import { openRuntime } from '../src/runtime.ts';
import { secretsOf } from '../src/secrets.ts';
import { followImports } from '../src/watch/follow.ts';

// The composition root: config → database → core → HTTP → jobs → bots, and a clean stop.

export interface Running {
  name: string;
  stop(): Promise<void>;
}

const STOP_DEADLINE_MS = 9_000;

async function main(): Promise<void> {
  // Prisma's query compiler (WebAssembly) runs in V8's baseline code (Liftoff) only. Optimising it
  // (TurboFan, on background threads) left about 70 MB in those threads' malloc arenas for good: idle,
  // 237 -> 169 MB with 100 000 names, 296 -> 202 MB with 1 000 000. Prisma caches each query's plan,
  // so the compiler runs once per query shape and its optimised code bought little.
  v8.setFlagsFromString('--liftoff-only');
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
  const metrics = createMetrics({ processMetrics: true });
  const runtime = await openRuntime({ config, log, clock: systemClock, metrics });
  const { core } = runtime;
  const running: Running[] = [];

  let stopping = false;
  const stop = async (reason: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${reason}: stopping\n`);
    const force = setTimeout(() => {
      process.stderr.write('stop took too long; exiting\n');
      process.exit(exitCode);
    }, STOP_DEADLINE_MS);
    force.unref();
    for (const r of running.reverse()) {
      await r.stop().catch((e) => log.error('stop failed', { service: r.name, error: e }));
    }
    await runtime.close();
    clearTimeout(force);
    process.stdout.write('stopped\n');
    process.exit(exitCode);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.on(signal, () => void stop(`${signal} received`));
  // A promise nobody awaited failed: a bug in one request or job, whose data is safe in its
  // transaction; the service keeps serving. An exception that unwound the stack leaves the process in
  // an unknown state: stop cleanly and exit 1, for the supervisor to start a fresh process.
  process.on('unhandledRejection', (reason) =>
    log.error('unhandled promise rejection (kept serving)', { error: reason }),
  );
  process.on('uncaughtException', (error, origin) => {
    log.error('uncaught exception: stopping, exit code 1', { error, origin });
    void stop('uncaught exception', 1);
  });

  const http = createHttpServer({ host: config.HTTP_HOST, port: config.HTTP_PORT, log });
  mountHealth(http, { db: core.db, metrics, log, startedAt, instanceId: config.instanceId });
  const address = await http.listen();
  running.push({ name: 'http', stop: () => http.close() });

  // The service answers searches from an in-memory index, rebuilt after every import (any process's).
  core.search
    .warm()
    .catch((error) => log.warn('search index not built yet; searching in SQL meanwhile', { error }));
  core.droplist.onImported(() => core.search.refresh());

  const bots = await startBots({ core, config, log, http });
  for (const bot of bots.started) running.push({ name: bot.name, stop: () => bot.stop() });

  const channels = bots.started.flatMap((b) => b.channels);
  const dispatcher = startDispatcher({
    core,
    channels,
    routes: notificationRoutes(config),
    log,
    clock: systemClock,
  });
  running.push({ name: 'dispatcher', stop: () => dispatcher.stop() });

  const scheduler = createScheduler({
    db: core.db,
    clock: systemClock,
    log,
    metrics,
    instanceId: config.instanceId,
    jobs: jobDefinitions(core),
  });
  scheduler.start();
  running.push({ name: 'jobs', stop: () => scheduler.stop() });
  // Digests and watch matches follow an import within seconds, whichever process made it (this one,
  // a CLI import beside it, another instance); the job's own schedule is the safety net.
  let followed: number | undefined;
  const imports = followImports(
    {
      droplist: core.droplist,
      pollMs: 10_000,
      onError: (error) => log.error('after-import work failed', { error }),
    },
    async () => {
      const last = await core.droplist.lastImport();
      if (!last || last.id === followed) return;
      const run = await scheduler.runNow('after-import');
      if (run.ran && run.ok) followed = last.id;
    },
  );
  running.push({ name: 'after-import', stop: () => imports.stop() });

  const lines = [
    `backorder started (${config.databaseKind} database, ${config.REGISTRAR} registrar, instance ${config.instanceId})`,
    `  http: listening on http://${address.host}:${address.port} (GET /healthz, GET /metrics)`,
    `  jobs: ${scheduler.jobs.map((j) => `${j.name} [${j.schedule}]`).join(', ')} (UTC)`,
    `  notifications: dispatcher running (${channels.map((c) => c.name).join(', ') || 'no channel configured; they wait in the database'})`,
    ...bots.started.map((b) => `  ${b.summary}`),
    ...bots.off.map((b) => `  ${b.name}: off (${b.enabledBy})`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  // The first import can take a while (a large ZIP over HTTP): serve meanwhile, under the job's lease.
  if (await core.droplist.isStale()) {
    process.stdout.write('  drop list: missing or older than its schedule; importing now\n');
    void scheduler.runNow('droplist-import').then((r) => {
      if (r.ran) process.stdout.write(`  drop list: ${r.ok ? 'imported' : 'import failed'}: ${r.message}\n`);
    });
  }
}

main().catch((e) => {
  process.stderr.write(`backorder failed to start: ${(e as Error)?.stack ?? e}\n`);
  process.exit(1);
});
