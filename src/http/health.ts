import type { Db } from '../db/client.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';
import { type HttpServer, json } from './server.ts';

export function mountHealth(
  http: HttpServer,
  deps: { db: Db; metrics: Metrics; log: Logger; startedAt: Date; instanceId: string },
) {
  http.route('GET', '/healthz', async () => {
    try {
      await deps.db.prisma.$queryRawUnsafe('SELECT 1');
      return json(200, {
        status: 'ok',
        database: deps.db.kind,
        instance: deps.instanceId,
        uptimeSeconds: Math.round((Date.now() - deps.startedAt.getTime()) / 1000),
      });
    } catch (e) {
      // Anyone may ask: the cause (host names, user names, driver details) goes to the log only.
      deps.log.warn('health check: the database does not answer', { error: e });
      return json(503, { status: 'unavailable', database: deps.db.kind });
    }
  });
  http.route('GET', '/metrics', async () => ({
    status: 200,
    headers: { 'content-type': deps.metrics.contentType },
    body: await deps.metrics.render(),
  }));
}
