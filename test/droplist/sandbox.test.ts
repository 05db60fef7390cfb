import { describe, expect, it } from 'vitest';
import { DAY } from '../../src/clock.ts';
import { parseDropLine } from '../../src/droplist/row-parser.ts';
import { sandboxLines } from '../../src/droplist/sandbox-source.ts';

const NOW = new Date('2026-12-01T13:37:00Z');

async function list(seed: number, size: number, now: Date) {
  const lines: string[] = [];
  for await (const line of sandboxLines(seed, size, now)) lines.push(line);
  return lines;
}

async function rows(seed: number, size: number, now: Date) {
  const lines = await list(seed, size, now);
  return lines
    .map((line, i) => {
      const parsed = parseDropLine(line, i === 0);
      if (i === 0)
        expect(parsed.kind).toBe('skip'); // the header
      else if (parsed.kind !== 'row') throw new Error(`line ${i + 1} ${line}: ${JSON.stringify(parsed)}`);
      return parsed;
    })
    .flatMap((p) => (p.kind === 'row' ? [p.row] : []));
}

describe('sandbox drop list', () => {
  it('is the same for the same seed and time, and differs by seed', async () => {
    expect(await list(1, 2000, NOW)).toEqual(await list(1, 2000, NOW));
    expect(await list(2, 2000, NOW)).not.toEqual(await list(1, 2000, NOW));
  });

  it('is a realistic list: valid unique names, 20+ zones, brandables, digits, hyphens, IDN', async () => {
    const all = await rows(1, 20_000, NOW);
    expect(all.length).toBeGreaterThan(18_000);
    expect(all.length).toBeLessThan(22_000);
    expect(new Set(all.map((r) => r.fqdn)).size).toBe(all.length);
    const zones = new Set(all.map((r) => r.zone));
    expect(zones.size).toBeGreaterThanOrEqual(20);
    for (const z of ['com', 'net', 'de', 'co.uk', 'us.com', 'photography']) expect(zones).toContain(z);
    const share = (f: (r: (typeof all)[number]) => boolean) => all.filter(f).length / all.length;
    expect(share((r) => r.zone === 'com')).toBeGreaterThan(0.2);
    expect(share((r) => r.idn)).toBeGreaterThan(0.02);
    expect(share((r) => r.digits > 0)).toBeGreaterThan(0.05);
    expect(share((r) => r.hyphens > 0 && !r.idn)).toBeGreaterThan(0.05);
    expect(share((r) => r.length <= 5)).toBeGreaterThan(0.05);
    expect(share((r) => r.digits === r.length)).toBeGreaterThan(0.01);
  });

  it('drops over the next 5 days, at several hours of the day', async () => {
    const all = await rows(1, 10_000, NOW);
    const times = all.map((r) => Date.parse(r.dropAt));
    expect(Math.min(...times)).toBeGreaterThan(NOW.getTime());
    expect(Math.max(...times)).toBeLessThanOrEqual(NOW.getTime() + 5 * DAY);
    expect(new Set(all.map((r) => r.dropAt.slice(0, 10))).size).toBeGreaterThanOrEqual(5);
    expect(new Set(all.map((r) => r.dropAt.slice(11, 13))).size).toBeGreaterThanOrEqual(10);
    expect(new Set(all.map((r) => r.dropAt.slice(14, 19))).size).toBeGreaterThan(1000); // not all on the hour
  });

  it('rolls like the real list: a day later, pending names keep their times, passed ones are gone, new ones come', async () => {
    const today = await rows(3, 10_000, NOW);
    const later = new Date(NOW.getTime() + DAY);
    const tomorrow = new Map((await rows(3, 10_000, later)).map((r) => [r.fqdn, r.dropAt]));
    const pending = today.filter((r) => Date.parse(r.dropAt) > later.getTime());
    expect(pending.length).toBeGreaterThan(6000);
    for (const r of pending) expect(tomorrow.get(r.fqdn)).toBe(r.dropAt);
    expect(tomorrow.size - pending.length).toBeGreaterThan(1000);
  });
});
