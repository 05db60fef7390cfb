import { UsageError } from '../../src/errors.ts';
import type { FieldNames, SearchQueryInput } from '../../src/search/query.ts';
import type { Command } from './command.ts';
import { table } from './output.ts';

// `backorder search`: the expiring-domain search over the imported drop list. The flags map one to
// one onto the shared query object, which validates them (bad input exits 2 naming the flag).

const COUNT_FLAGS = {
  'min-length': 'minLength',
  'max-length': 'maxLength',
  'min-letters': 'minLetters',
  'max-letters': 'maxLetters',
  'min-digits': 'minDigits',
  'max-digits': 'maxDigits',
  'min-hyphens': 'minHyphens',
  'max-hyphens': 'maxHyphens',
} as const;
const SCORE_FLAGS = { 'min-score': 'minScore' } as const;
const SWITCHES = {
  'no-digits': 'noDigits',
  'digits-only': 'digitsOnly',
  'no-hyphens': 'noHyphens',
  'no-idn': 'excludeIdn',
  'include-past': 'includePast',
} as const;

const NAMES: FieldNames = {
  keyword: 'KEYWORD',
  zones: '--zone',
  from: '--from',
  to: '--to',
  sort: '--sort',
  order: '--sort',
  pageSize: '--limit',
  page: '--page',
  ...Object.fromEntries(
    Object.entries({ ...COUNT_FLAGS, ...SCORE_FLAGS, ...SWITCHES }).map(([flag, field]) => [
      field,
      `--${flag}`,
    ]),
  ),
};

export const searchCommands: Command[] = [
  {
    path: ['search'],
    summary: 'search the drop list (future drops; keyword with * wildcards; filters; sort; pages)',
    usage:
      '[KEYWORD] [--zone Z]… [--min-length N] [--max-length N] [--no-digits] [--no-hyphens] [--digits-only] ' +
      '[--min-score N] [--from DATE] [--to DATE] [--sort FIELD[:desc]] [--limit N] [--page N]',
    help: [
      'KEYWORD matches the label (the part before the first dot, ASCII/punycode form), case-insensitively:',
      '  car   contains "car"      car*   starts with "car"      *car   ends with "car"      c*r   both',
      'A name typed in Unicode (münchen) is looked up in its punycode form.',
      '',
      'More filters: --min-letters/--max-letters, --min-digits/--max-digits, --min-hyphens/--max-hyphens (0-63),',
      '  --no-idn (leave out internationalised names), --include-past (drops already past, too).',
      '--zone takes one zone or a comma list and may repeat (--zone com --zone co.uk,de).',
      '--from/--to: YYYY-MM-DD (whole UTC days, both included) or an ISO-8601 instant (no offset = UTC).',
      '--min-score N: names whose quality score (0-100, see backorder score) is at least N.',
      '--sort: fqdn, dropAt, length, digits, hyphens, score; add :desc to reverse (ties by fqdn). Default',
      '  dropAt; --sort score:desc puts the best names first.',
      '--limit: rows per page, 1-100 (default 20).',
      '',
      'Examples:',
      '  backorder search shop --zone com --max-length 8',
      '  backorder search "*24" --digits-only --from 2026-12-01 --to 2026-12-03 --sort length',
    ].join('\n'),
    options: {
      zone: { type: 'string', multiple: true },
      ...Object.fromEntries(
        Object.keys({ ...COUNT_FLAGS, ...SCORE_FLAGS }).map((f) => [f, { type: 'string' as const }]),
      ),
      ...Object.fromEntries(Object.keys(SWITCHES).map((f) => [f, { type: 'boolean' as const }])),
      from: { type: 'string' },
      to: { type: 'string' },
      sort: { type: 'string' },
      limit: { type: 'string' },
      page: { type: 'string' },
    },
    positionals: { max: 1, names: 'KEYWORD' },
    async run(ctx, { values, positionals }) {
      const query: Record<string, unknown> = {
        keyword: positionals[0],
        zones: ((values.zone as string[] | undefined) ?? [])
          .flatMap((z) => z.split(','))
          .filter((z) => z.trim()),
        from: values.from,
        to: values.to,
        pageSize: values.limit,
        page: values.page,
      };
      for (const [flag, field] of Object.entries({ ...COUNT_FLAGS, ...SCORE_FLAGS }))
        query[field] = values[flag];
      for (const [flag, field] of Object.entries(SWITCHES)) query[field] = values[flag] === true;
      if (typeof values.sort === 'string') {
        const [field, order, extra] = values.sort.split(':');
        if (extra !== undefined || (order !== undefined && order !== 'asc' && order !== 'desc')) {
          throw new UsageError(`--sort takes FIELD or FIELD:desc (got "${values.sort}")`);
        }
        query.sort = field;
        query.order = order;
      }
      // Bad input is refused before the database is opened.
      const { parseSearchQuery } = await import('../../src/search/query.ts');
      parseSearchQuery(query, NAMES);
      const core = await ctx.core();
      const result = await core.search.search(query as SearchQueryInput, NAMES);
      const { finalizationOf } = await import('../../src/backorders/finalization.ts');
      // the deadline a backorder placed now would get (a registrar's own date is known only later)
      const items = result.items.map((i) => ({
        ...i,
        dropAt: i.dropAt.toISOString(),
        finalizesAt: finalizationOf(i.dropAt)!.toISOString(),
      }));
      ctx.emit({ total: result.total, page: result.page, pageSize: result.pageSize, items });
      const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
      ctx.say(
        table(
          items.map((i) => ({ ...i, domain: i.idn ? `${i.display} (${i.fqdn})` : i.fqdn })),
          ['domain', 'dropAt', 'length', 'digits', 'hyphens', 'zone', 'score'],
        ),
      );
      ctx.say(`${result.total} name${result.total === 1 ? '' : 's'} · page ${result.page} of ${pages}`);
      return 0;
    },
  },
];
