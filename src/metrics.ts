// Counters and gauges for GET /metrics (Prometheus text format 0.0.4). Gauges that come from the
// database are collected when scraped.

type Labels = Record<string, string>;

export interface Metrics {
  inc(name: string, labels?: Labels, by?: number): void;
  /** register a gauge family read at scrape time */
  gauge(name: string, help: string, collect: () => Promise<Array<{ labels?: Labels; value: number }>>): void;
  describe(name: string, help: string): void;
  render(): Promise<string>;
}

const key = (labels?: Labels) =>
  labels
    ? Object.entries(labels)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`)
        .join(',')
    : '';

export function createMetrics(): Metrics {
  const counters = new Map<string, Map<string, number>>();
  const help = new Map<string, string>();
  const gauges = new Map<string, () => Promise<Array<{ labels?: Labels; value: number }>>>();
  return {
    inc(name, labels, by = 1) {
      const series = counters.get(name) ?? new Map<string, number>();
      counters.set(name, series);
      const k = key(labels);
      series.set(k, (series.get(k) ?? 0) + by);
    },
    describe(name, text) {
      help.set(name, text);
      if (!counters.has(name)) counters.set(name, new Map());
    },
    gauge(name, text, collect) {
      help.set(name, text);
      gauges.set(name, collect);
    },
    async render() {
      const out: string[] = [];
      for (const [name, series] of counters) {
        out.push(`# HELP ${name} ${help.get(name) ?? name}`, `# TYPE ${name} counter`);
        if (series.size === 0) out.push(`${name} 0`);
        for (const [k, v] of series) out.push(`${name}${k ? `{${k}}` : ''} ${v}`);
      }
      for (const [name, collect] of gauges) {
        out.push(`# HELP ${name} ${help.get(name) ?? name}`, `# TYPE ${name} gauge`);
        for (const s of await collect())
          out.push(`${name}${s.labels ? `{${key(s.labels)}}` : ''} ${s.value}`);
      }
      return `${out.join('\n')}\n`;
    },
  };
}
