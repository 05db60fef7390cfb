// One line of the chaos table: what was done, what it came to, and whether anything was lost or
// sent twice. A row fails when it lost or doubled anything or when its own check failed.

export interface Row {
  scenario: string;
  check: string;
  figure: string;
  lost: number;
  doubled: number;
  ok: boolean;
  /** why it failed, or what was skipped */
  note?: string;
}

export const row = (r: Omit<Row, 'ok'> & { ok?: boolean }): Row => ({
  ...r,
  ok: (r.ok ?? true) && r.lost === 0 && r.doubled === 0,
});

export const failedRow = (scenario: string, error: unknown): Row => ({
  scenario,
  check: 'ran to the end',
  figure: '-',
  lost: 0,
  doubled: 0,
  ok: false,
  note: String((error as Error)?.stack ?? error)
    .split('\n')
    .slice(0, 4)
    .join(' | '),
});

export function printTable(rows: Row[], write: (s: string) => void): void {
  const head = ['scenario', 'check', 'figure', 'lost', 'doubled', 'result'];
  const cells = rows.map((r) => [
    r.scenario,
    r.check,
    r.figure,
    String(r.lost),
    String(r.doubled),
    r.ok ? 'ok' : `FAILED${r.note ? `: ${r.note}` : ''}`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => (i === 5 ? 6 : c[i]!.length))));
  const line = (c: string[]) => c.map((x, i) => (i === 5 ? x : x.padEnd(widths[i]!))).join(' | ');
  write(`${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('-|-')}\n`);
  for (const c of cells) write(`${line(c)}\n`);
}

/** The p-th percentile (0-100) of `values`, nearest rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const ms = (n: number) => `${n < 10 ? n.toFixed(1) : Math.round(n)} ms`;
