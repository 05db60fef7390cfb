import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { type Command, UsageError } from './command.ts';
import { table } from './output.ts';

const httpUrl = z.url({ protocol: /^https?$/ });

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export const droplistCommands: Command[] = [
  {
    path: ['droplist', 'import'],
    summary: 'replace the stored drop list with a new one',
    usage: '[--file PATH | --url URL]',
    help: [
      'The list is a CSV of `fqdn;YYYY-MM-DD HH:MM:SS` rows (UTC), or a ZIP holding one.',
      'Without --file or --url it comes from DROPLIST_URL, or else from the sandbox generator.',
      'Exit 1 when the list is unusable (download failed, not a CSV/ZIP, more than half the rows bad):',
      'the stored list is then unchanged.',
    ].join('\n'),
    options: { file: { type: 'string' }, url: { type: 'string' } },
    async run(ctx, { values }) {
      const file = values.file as string | undefined;
      const url = values.url as string | undefined;
      if (file !== undefined && url !== undefined)
        throw new UsageError('give either --file or --url, not both');
      if (file !== undefined && !isFile(file)) throw new UsageError(`no such file: ${file}`);
      if (url !== undefined && !httpUrl.safeParse(url).success) {
        throw new UsageError(`--url must be an http:// or https:// URL (got "${url}")`);
      }
      const core = await ctx.core();
      const source = core.droplist.source({ file: file === undefined ? undefined : resolve(file), url });
      ctx.say(`importing the drop list from ${source.name}`);
      const r = await core.droplist.import(source);
      ctx.emit({
        added: r.added,
        updated: r.updated,
        removed: r.removed,
        rejected: r.rejected,
        total: r.total,
        past: r.past,
        ms: r.ms,
        importId: r.importId,
        source: r.source,
        rejectedRows: r.rejectedRows,
      });
      ctx.say(
        `added ${r.added}, updated ${r.updated}, removed ${r.removed}, rejected ${r.rejected}, ` +
          `total ${r.total} (${r.ms} ms)`,
      );
      for (const row of r.rejectedRows) ctx.say(`  rejected line ${row.line}: ${row.reason}`);
      return 0;
    },
  },
  {
    path: ['droplist', 'stats'],
    summary: 'names in the drop list still to drop, per UTC day',
    async run(ctx) {
      const core = await ctx.core();
      const stats = await core.droplist.stats();
      ctx.emit(stats);
      ctx.say(
        `${stats.total} names to drop\n${table(
          stats.days.map((d) => ({ ...d })),
          ['date', 'count'],
        )}`,
      );
      return 0;
    },
  },
];
