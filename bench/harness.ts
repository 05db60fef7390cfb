// Shared pieces of the benchmarks: timing, medians and percentiles, and the report format
// (every figure beside a baseline measured in the same run, as a ratio).

export interface Figure {
  name: string;
  /** what was measured, e.g. "median ms" */
  unit: string;
  value: number;
  baseline: number;
  baselineName: string;
  target?: string;
}

export async function time<T>(fn: () => Promise<T> | T): Promise<{ ms: number; result: T }> {
  const t0 = performance.now();
  const result = await fn();
  return { ms: performance.now() - t0, result };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export const median = (values: number[]) => percentile(values, 50);

export function report(title: string, figures: Figure[]): void {
  const rows = figures.map((f) => ({
    measure: f.name,
    unit: f.unit,
    value: f.value.toFixed(f.value < 10 ? 2 : 0),
    baseline: `${f.baseline.toFixed(f.baseline < 10 ? 2 : 0)} (${f.baselineName})`,
    ratio: `${(f.value / f.baseline).toFixed(2)}x`,
    target: f.target ?? '',
  }));
  const cols = ['measure', 'unit', 'value', 'baseline', 'ratio', 'target'] as const;
  const w = cols.map((c) => Math.max(c.length, ...rows.map((r) => r[c].length)));
  const line = (v: string[]) => v.map((x, i) => x.padEnd(w[i]!)).join('  ');
  console.log(`\n## ${title}\n`);
  console.log(line([...cols]));
  console.log(line(w.map((n) => '-'.repeat(n))));
  for (const r of rows) console.log(line(cols.map((c) => r[c])));
}
