import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { expect, it } from 'vitest';
import { serviceForFile } from '../helpers/service.ts';

// GET /metrics of the service as `npm start` runs it, read with a Prometheus text parser: every
// family the README names is there, of its type, and well-formed.

const service = serviceForFile('metrics', { SANDBOX_DROPLIST_SIZE: '500' });

it('serves every documented family as Prometheus text', async () => {
  // the start-up import of the sandbox list runs in the background: read once it has finished
  let families: ReturnType<typeof parsePrometheusTextFormat> = [];
  for (const until = Date.now() + 60_000; Date.now() < until; await new Promise((r) => setTimeout(r, 200))) {
    const res = await fetch(`http://127.0.0.1:${service().port}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    families = parsePrometheusTextFormat(await res.text());
    if (families.find((f) => f.name === 'backorder_droplist_imports_total')?.metrics.length) break;
  }
  const type = (name: string) => families.find((f) => f.name === name)?.type;

  expect({
    jobs: type('backorder_jobs_run_total'),
    imports: type('backorder_droplist_imports_total'),
    rows: type('backorder_droplist_import_rows_total'),
    backorders: type('backorder_backorders'),
    sent: type('backorder_notifications_sent_total'),
    failed: type('backorder_notifications_failed_total'),
    deliveryLag: type('backorder_notification_delivery_lag_seconds'),
    jobDuration: type('backorder_job_duration_seconds'),
    registrar: type('backorder_registrar_call_duration_seconds'),
    memory: type('process_resident_memory_bytes'),
    lag: type('nodejs_eventloop_lag_seconds'),
    gc: type('nodejs_gc_duration_seconds'),
  }).toEqual({
    jobs: 'COUNTER',
    imports: 'COUNTER',
    rows: 'COUNTER',
    backorders: 'GAUGE',
    sent: 'COUNTER',
    failed: 'COUNTER',
    deliveryLag: 'HISTOGRAM',
    jobDuration: 'HISTOGRAM',
    registrar: 'HISTOGRAM',
    memory: 'GAUGE',
    lag: 'GAUGE',
    gc: 'HISTOGRAM',
  });

  // the start-up import ran, and says so
  const imports = families.find((f) => f.name === 'backorder_droplist_imports_total')!;
  expect(imports.metrics).toContainEqual({ labels: { result: 'ok' }, value: '1' });
  const rows = families.find((f) => f.name === 'backorder_droplist_import_rows_total')!;
  const added = rows.metrics.find((m) => m.labels?.outcome === 'added');
  expect(Number(added?.value)).toBeGreaterThan(400);
  // every status is a series, 0 included, so a dashboard never loses a line
  const statuses = families.find((f) => f.name === 'backorder_backorders')!.metrics;
  expect(statuses).toContainEqual({ labels: { status: 'REQUESTED' }, value: '0' });
  expect(statuses.length).toBeGreaterThanOrEqual(10);
}, 60_000);
