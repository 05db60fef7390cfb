// What the core records for GET /metrics (implemented with prom-client in src/prometheus.ts, for the
// service), and the stand-in for a CLI command, whose figures no scraper would ever read: it records
// nothing and spares each command loading the Prometheus client.

export type Labels = Record<string, string>;

export interface Metrics {
  /** declare a counter family with its label names (a family with no series shows as 0) */
  counter(name: string, help: string, labelNames?: readonly string[]): void;
  inc(name: string, labels?: Labels, by?: number): void;
  /** a gauge family read at scrape time; declaring it again replaces the reader */
  gauge(
    name: string,
    help: string,
    labelNames: readonly string[],
    collect: () => Promise<Array<{ labels?: Labels; value: number }>>,
  ): void;
  /** declare a histogram family of durations in seconds */
  histogram(name: string, help: string, labelNames: readonly string[], buckets?: number[]): void;
  observe(name: string, labels: Labels, seconds: number): void;
  /** `work`'s duration (also when it throws) into a declared histogram */
  time<T>(name: string, labels: Labels, work: () => Promise<T>): Promise<T>;
  render(): Promise<string>;
  readonly contentType: string;
}

/** How long the bots take to answer an update or a command, by platform (declared by the core). */
export const BOT_REPLY_SECONDS = 'backorder_bot_reply_seconds';

export function discardMetrics(): Metrics {
  const nothing = () => {};
  return {
    counter: nothing,
    inc: nothing,
    gauge: nothing,
    histogram: nothing,
    observe: nothing,
    time: (_name, _labels, work) => work(),
    render: async () => '',
    contentType: 'text/plain',
  };
}
