import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Labels, Metrics } from './metrics.ts';

// The service's metrics (GET /metrics) through prom-client, the Prometheus client everyone scrapes:
// counters, gauges read from the database at scrape time, latency histograms, and Node's process
// metrics (memory, CPU, event-loop lag, GC). One registry per createMetrics, so tests and several
// cores in one process never share series.

/** Seconds: from a fast database call to a registrar that needs its whole timeout. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export function createMetrics(opts: { processMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (opts.processMetrics) collectDefaultMetrics({ register: registry });
  const counters = new Map<string, Counter>();
  const histograms = new Map<string, Histogram>();
  const readers = new Map<string, () => Promise<Array<{ labels?: Labels; value: number }>>>();

  const counter = (name: string, help = name, labelNames: readonly string[] = []) => {
    let c = counters.get(name);
    if (!c) {
      c = new Counter({ name, help, labelNames, registers: [registry] });
      counters.set(name, c);
    }
    return c;
  };

  return {
    counter(name, help, labelNames) {
      counter(name, help, labelNames);
    },
    inc(name, labels, by = 1) {
      const c = counters.get(name) ?? counter(name, name, Object.keys(labels ?? {}));
      if (labels) c.inc(labels, by);
      else c.inc(by);
    },
    gauge(name, help, labelNames, collect) {
      const known = readers.has(name);
      readers.set(name, collect);
      if (known) return;
      new Gauge({
        name,
        help,
        labelNames,
        registers: [registry],
        async collect() {
          const series = await readers.get(name)!();
          this.reset();
          for (const s of series) {
            if (s.labels) this.set(s.labels, s.value);
            else this.set(s.value);
          }
        },
      });
    },
    histogram(name, help, labelNames, buckets = LATENCY_BUCKETS) {
      if (histograms.has(name)) return;
      histograms.set(name, new Histogram({ name, help, labelNames, buckets, registers: [registry] }));
    },
    observe(name, labels, seconds) {
      const h = histograms.get(name);
      if (!h) throw new Error(`histogram ${name} was not declared`);
      h.observe(labels, seconds);
    },
    async time(name, labels, work) {
      const began = performance.now();
      try {
        return await work();
      } finally {
        this.observe(name, labels, (performance.now() - began) / 1000);
      }
    },
    render: () => registry.metrics(),
    contentType: registry.contentType,
  };
}
