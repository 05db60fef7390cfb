import { parseDomainName } from '../../src/domain/domain-name.ts';
import { UsageError } from '../../src/errors.ts';
import { type Command, intOption } from './command.ts';
import { table } from './output.ts';
import { pageInfo, pageLine, pageOptions, pageUsage, readPage } from './paging.ts';

export const logsCommands: Command[] = [
  {
    path: ['logs'],
    summary: 'the audit log, newest first, for a domain or a backorder',
    usage: `[FQDN | --backorder ID] ${pageUsage}`,
    options: { backorder: { type: 'string' }, ...pageOptions },
    positionals: { max: 1, names: 'FQDN' },
    async run(ctx, { values, positionals }) {
      const backorderId = intOption(values.backorder, 'backorder', 1, Number.MAX_SAFE_INTEGER);
      const page = readPage(values, { default: 50, max: 1000 });
      if (backorderId && positionals[0])
        throw new UsageError('give either a domain or --backorder, not both');
      const fqdn = positionals[0] ? parseDomainName(positionals[0]).fqdn : undefined;
      const core = await ctx.core();
      const query = { fqdn, backorderId };
      const [rows, total] = await Promise.all([
        core.logs.list({ ...query, limit: page.pageSize, offset: page.offset }),
        core.logs.count(query),
      ]);
      const info = pageInfo(page, total);
      const items = rows.map((r) => ({
        id: r.id,
        at: r.at.toISOString(),
        job: r.job,
        backorderId: r.backorderId,
        fqdn: r.fqdn,
        level: r.level,
        message: r.message,
        actor: r.actor,
      }));
      ctx.emit({ ...info, items });
      ctx.say(table(items, ['id', 'at', 'level', 'job', 'backorderId', 'fqdn', 'message']));
      ctx.say(pageLine(info, items.length, ['log row', 'log rows']));
      return 0;
    },
  },
];
