import { parseDomainName } from '../domain/domain-name.ts';
import { type Command, intOption, UsageError } from './command.ts';
import { table } from './output.ts';

export const logsCommands: Command[] = [
  {
    path: ['logs'],
    summary: 'the audit log, newest first, for a domain or a backorder',
    usage: '[FQDN | --backorder ID] [--limit N]',
    options: { backorder: { type: 'string' }, limit: { type: 'string' } },
    positionals: { max: 1, names: 'FQDN' },
    async run(ctx, { values, positionals }) {
      const backorderId = intOption(values.backorder, 'backorder', 1, Number.MAX_SAFE_INTEGER);
      const limit = intOption(values.limit, 'limit', 1, 1000) ?? 50;
      if (backorderId && positionals[0])
        throw new UsageError('give either a domain or --backorder, not both');
      const fqdn = positionals[0] ? parseDomainName(positionals[0]).fqdn : undefined;
      const core = await ctx.core();
      const rows = await core.logs.list({ fqdn, backorderId, limit });
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
      ctx.emit({ items });
      ctx.say(table(items, ['id', 'at', 'level', 'job', 'backorderId', 'fqdn', 'message']));
      return 0;
    },
  },
];
