import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../../src/errors.ts';
import type { Command } from './command.ts';
import { table } from './output.ts';

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
    usage: '[--file PATH | --url URL | --source url|cnr] [--all-zones]',
    help: [
      'The list is a CSV of `fqdn;YYYY-MM-DD HH:MM:SS` rows (UTC), or a ZIP holding one.',
      "--source cnr pages through CentralNic Reseller's QueryDomainPendingDeleteList instead, for the",
      'zones with a price (all zones with --all-zones); it needs CNR_LOGIN and CNR_PASSWORD.',
      'Without any of them DROPLIST_SOURCE decides: cnr, or DROPLIST_URL, or else the sandbox generator.',
      'Exit 1 when the list is unusable (download or CNR query failed, not a CSV/ZIP, more than half the',
      'rows bad): the stored list is then unchanged.',
    ].join('\n'),
    options: {
      file: { type: 'string' },
      url: { type: 'string' },
      source: { type: 'string' },
      'all-zones': { type: 'boolean' },
    },
    async run(ctx, { values }) {
      const file = values.file as string | undefined;
      const url = values.url as string | undefined;
      const given = values.source as string | undefined;
      const allZones = values['all-zones'] === true;
      const chosen = [file, url, given].filter((v) => v !== undefined);
      if (chosen.length > 1) throw new UsageError('give one of --file, --url and --source');
      // zod loads with the config, by now; a static import would load it for --help too.
      const { z } = await import('zod');
      const from = z.enum(['url', 'cnr']).safeParse(given).data;
      if (given !== undefined && !from) throw new UsageError(`--source must be url or cnr (got "${given}")`);
      const cnr = from === 'cnr' || (chosen.length === 0 && ctx.config.droplistSource === 'cnr');
      if (allZones && !cnr)
        throw new UsageError('--all-zones only applies to the list from CNR (--source cnr)');
      if (file !== undefined && !isFile(file)) throw new UsageError(`no such file: ${file}`);
      if (url !== undefined && !z.url({ protocol: /^https?$/ }).safeParse(url).success) {
        throw new UsageError(`--url must be an http:// or https:// URL (got "${url}")`);
      }
      const core = await ctx.core();
      const source = core.droplist.source({
        file: file === undefined ? undefined : resolve(file),
        url,
        from,
        allZones,
      });
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
