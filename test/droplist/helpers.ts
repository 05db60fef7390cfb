import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { Db } from '../../src/db/client.ts';
import type { DropListSource } from '../../src/droplist/source.ts';

/** A folder for this test file's lists, removed after its tests. */
export function tempDir(): { dir: string; write(name: string, content: Buffer | string): string } {
  const dir = mkdtempSync(join(tmpdir(), 'droplist-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    write(name, content) {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
  };
}

/** `fqdn;YYYY-MM-DD HH:MM:SS`, as HEXONET writes a row. */
export const csvRow = (fqdn: string, at: Date) =>
  `${fqdn};${at.toISOString().slice(0, 19).replace('T', ' ')}`;

/** The stored list as fqdn → ISO drop time. */
export async function storedList(db: Db): Promise<Map<string, string>> {
  const rows = await db.prisma.dropDomain.findMany({ select: { fqdn: true, dropAt: true } });
  return new Map(rows.map((r) => [r.fqdn, r.dropAt.toISOString()]));
}

/** A source over given lines that can break off after some of them, as a dropped connection does. */
export function linesSource(lines: string[], opts: { failAfter?: number } = {}): DropListSource {
  return {
    name: 'test lines',
    open: async () =>
      (async function* () {
        for (const [i, line] of lines.entries()) {
          if (i === opts.failAfter) throw new Error('connection reset by peer');
          yield [line];
        }
      })(),
  };
}

/** A small deterministic generator (mulberry32) so tests build varied lists reproducibly. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
