import { afterAll, beforeAll } from 'vitest';
import { freshDatabaseUrl } from './db.ts';
import { type Service, startService } from './spawn-service.ts';

export { type Service, startService };

/**
 * One service for the calling test file, on a fresh database, stopped and its database dropped after
 * the file's tests. Returns a getter: the service exists once the file's tests run.
 */
export function serviceForFile(name: string, env: Record<string, string> = {}): () => Service {
  let service: Service | undefined;
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const fresh = await freshDatabaseUrl();
    drop = fresh.drop;
    service = await startService(name, { DATABASE_URL: fresh.url, ...env });
  }, 120_000);
  afterAll(async () => {
    service?.child.kill('SIGTERM');
    await service?.exited;
    await drop?.();
  });
  return () => {
    if (!service) throw new Error(`the ${name} service has not started`);
    return service;
  };
}
