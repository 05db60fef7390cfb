import { describe, expect, it } from 'vitest';
import { fileSource } from '../../src/droplist/file-source.ts';
import { splitLines } from '../../src/droplist/lines.ts';
import { tempDir } from './helpers.ts';
import { buildZip } from './zip.ts';

const files = tempDir();

async function collect(batches: AsyncIterable<string[]>): Promise<string[]> {
  const out: string[] = [];
  for await (const lines of batches) out.push(...lines);
  return out;
}

async function* chunks(...parts: string[]) {
  yield* parts;
}

describe('splitLines', () => {
  it('splits across chunk boundaries and keeps a last line without a break', async () => {
    expect(await collect(splitLines(chunks('ab', 'c\r\nd', 'ef\n\ng', '', 'h')))).toEqual([
      'abc\r',
      'def',
      '',
      'gh',
    ]);
  });

  it('refuses a "line" too long to be a row instead of gathering it in memory', async () => {
    const noBreaks = (async function* () {
      for (let i = 0; i < 100; i++) yield 'x'.repeat(1024);
    })();
    await expect(collect(splitLines(noBreaks))).rejects.toThrow(/longer than 65536 characters/);
  });
});

describe('file source', () => {
  const csv = 'domain;date\nbücher.de;2026-12-01 10:00:00\n';

  it('reads a CSV, decoding UTF-8', async () => {
    expect(await collect(await fileSource(files.write('list.csv', csv)).open())).toEqual([
      'domain;date',
      'bücher.de;2026-12-01 10:00:00',
    ]);
  });

  it('tells a ZIP from a CSV by its first bytes, not its name', async () => {
    const zipNamedCsv = files.write(
      'really-a-zip.csv',
      buildZip([{ name: 'pending_delete_domain_list.csv', data: csv }]),
    );
    expect(await collect(await fileSource(zipNamedCsv).open())).toHaveLength(2);
    expect(await collect(await fileSource(files.write('really-a-csv.zip', csv)).open())).toHaveLength(2);
  });

  it('decodes characters split between two deflated chunks of a big ZIP entry', async () => {
    const line = 'münchen-straße.de;2026-12-01 10:00:00';
    const data = Array.from({ length: 20_000 }, () => line).join('\n');
    const lines = await collect(
      await fileSource(files.write('big.zip', buildZip([{ name: 'x.csv', data }]))).open(),
    );
    expect(lines.length).toBe(20_000);
    expect(lines.every((l) => l === line)).toBe(true);
  });

  it('a corrupt deflated ZIP opened and read only later fails the read, not the process', async () => {
    const data = Array.from({ length: 2000 }, (_, i) => `name${i * 7919}.com;2026-12-01 10:00:00`);
    const zip = buildZip([{ name: 'x.csv', data: data.join('\n') }]);
    for (let i = 70; i < 90; i++) zip[i] = 0xff;
    const lines = await fileSource(files.write('corrupt.zip', zip)).open();
    // the inflater meets the bad bytes while nobody reads yet, as while the importer sets up
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(collect(lines)).rejects.toThrow(/x\.csv in the ZIP is corrupt \(invalid/);
  });
});
