import { z } from 'zod';
import { displayName, parseDomainName, UsageError } from '../../src/index.ts';
import { fields, nothingMore, parseArgs, word } from './args.ts';
import { esc, note, utc } from './blocks.ts';
import type { Feature } from './command.ts';
import { commandLine, listReply } from './paging.ts';

// `logs FQDN|ID`: the audit trail of one domain or one backorder (or of everything), newest first.
// The core lists logs newest first with a limit and no count, so page N reads N pages plus one row:
// the extra row says whether an older page exists. That reaches back LIMIT rows; older ones are
// for the CLI (`backorder logs`), and the reply says so.

const PER_PAGE = 15;
/** the most rows core.logs.list returns at once */
const LIMIT = 1000;
const MAX_PAGE = Math.floor((LIMIT - 1) / PER_PAGE);

type Target = { fqdn: string } | { backorderId: number };

const args = z.object({
  target: word('FQDN or ID')
    .transform(
      (t): Target => (/^#?\d{1,9}$/.test(t) ? { backorderId: Number(t.replace('#', '')) } : { fqdn: t }),
    )
    .optional(),
  rest: nothingMore,
});

export const logs: Feature = {
  commands: [
    {
      name: 'logs',
      help: [
        {
          usage: 'logs [FQDN | ID] [page N]',
          does: 'audit trail of a domain or a backorder (or everything), newest first',
          example: 'logs example.com',
        },
      ],
      async run(ctx, cmd) {
        const a = parseArgs(args, fields(cmd.args, ['target']), 'logs [FQDN | ID] [page N]');
        const page = cmd.page ?? 1;
        if (page < 1 || page > MAX_PAGE) {
          throw new UsageError(
            `page ${page} is out of reach here: pages 1 to ${MAX_PAGE} hold the newest ${MAX_PAGE * PER_PAGE} entries; older ones are in \`backorder logs\` on the server`,
          );
        }
        const target: Target | undefined =
          a.target && 'fqdn' in a.target ? { fqdn: parseDomainName(a.target.fqdn).fqdn } : a.target;
        const rows = await ctx.core.logs.list({ ...target, limit: page * PER_PAGE + 1 });
        const shown = rows.slice((page - 1) * PER_PAGE, page * PER_PAGE);
        const more = rows.length > page * PER_PAGE;
        if (page > 1 && shown.length === 0)
          return note(`There is no page ${page}: the trail has ${rows.length} entries.`);
        const what = target
          ? 'fqdn' in target
            ? `*${esc(displayName(target.fqdn))}*`
            : `backorder *#${target.backorderId}*`
          : 'everything';
        return listReply({
          title: 'Audit log',
          summary: `${what} · newest first`,
          rows: shown.map((l) => {
            const icon = l.level === 'error' ? ':warning:' : '•';
            const about = [l.backorderId ? `#${l.backorderId}` : '', l.fqdn ? esc(displayName(l.fqdn)) : '']
              .filter(Boolean)
              .join(' ');
            const by = l.actor ? ` _(by ${esc(l.actor)})_` : '';
            return `${icon} \`${utc(l.at)}\` *${esc(l.job)}*${about ? ` ${about}` : ''}: ${esc(l.message.slice(0, 400))}${by}`;
          }),
          openEnded: true,
          window: { page, pages: more ? page + 1 : page, skip: (page - 1) * PER_PAGE, take: PER_PAGE },
          commandFor: (n) =>
            commandLine(
              'logs',
              a.target ? ('fqdn' in a.target ? a.target.fqdn : `#${a.target.backorderId}`) : undefined,
              'page',
              String(n),
            ),
          empty: `No log entries for ${what}.`,
        });
      },
    },
  ],
};
