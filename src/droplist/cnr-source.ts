import { DomainError } from '../errors.ts';
import type { PendingDeletePage } from '../registrar/cnr/replies.ts';
import { pendingDeleteListReply } from '../registrar/cnr/replies.ts';
import type { CnrSession } from '../registrar/cnr/session.ts';
import { checkedCalls } from '../registrar/wire/decode.ts';
import { releasing } from './lines.ts';
import type { DropListSource } from './source.ts';

// The drop list from CNR's API (kb.centralnicreseller.com/domains/backorders: "search … the
// droplists via the Control Panel and the API, using the command QueryDomainPendingDeleteList"),
// paged with FIRST/LIMIT until TOTAL rows or an empty page. Each row becomes a `fqdn;drop time`
// line for the same row parser and atomic import as a downloaded list, so counts, bad rows and the
// previous list kept on a failure work alike. One page is held at a time, never the whole list.

export const CNR_PAGE_SIZE = 10_000;

export interface CnrSourceOptions {
  /** a line to CNR's gateway; its session is closed once the list is read or given up */
  client: Pick<CnrSession, 'call' | 'close'>;
  /** the zones to ask for (e.g. com, co.uk), read when the list is opened; 'all' for every zone */
  zones: 'all' | (() => Promise<string[]>);
  pageSize?: number;
}

/**
 * The row's drop time as `YYYY-MM-DD HH:MM:SS`: the first drop-time column present (a bare day
 * counts from 00:00 UTC, the earliest the name can drop), else FINALIZATIONDATE. The finalization
 * date is CNR's deadline for orders and comes before the drop, so the lifecycle, which works back
 * from the drop time, then sends ahead of CNR's deadline rather than after it. None: '' (rejected).
 */
function dropTime(page: PendingDeletePage, i: number): string {
  for (const column of [page.DROPDATE, page.DELETIONDATE, page.DELETIONDAY, page.FINALIZATIONDATE]) {
    const value = column?.[i]?.trim();
    if (!value) continue;
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value} 00:00:00`;
    // A fraction of a second (`…:00.0`) says nothing a drop time needs.
    return /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}\.\d+$/.test(value) ? value.slice(0, 19) : value;
  }
  return '';
}

/** A value may not add a column or a line of its own. */
const field = (value: string) => value.replace(/[;\r\n]/g, ' ');

async function* pendingDeletes(
  call: CnrSession['call'],
  zones: readonly string[] | undefined,
  pageSize: number,
): AsyncGenerator<string[]> {
  const ask = checkedCalls(call, 'CNR');
  for (let first = 0, page = 1; ; page++) {
    let rows: PendingDeletePage;
    try {
      rows = await ask.columns(pendingDeleteListReply, {
        COMMAND: 'QueryDomainPendingDeleteList',
        // HEXONET's examples write zones in upper case (ZONE0 = COM); CNR's case rules are not documented.
        ZONE: zones?.map((z) => z.toUpperCase()),
        FIRST: first,
        LIMIT: pageSize,
      });
    } catch (e) {
      throw new DomainError(
        'IMPORT_FAILED',
        `CNR QueryDomainPendingDeleteList, page ${page} (rows from ${first}): ${(e as Error).message}`,
      );
    }
    yield rows.DOMAIN.map((domain, i) => `${field(domain)};${field(dropTime(rows, i))}`);
    first += rows.DOMAIN.length;
    const total = rows.TOTAL?.[0];
    if (rows.DOMAIN.length === 0 || (total !== undefined && first >= total)) return;
  }
}

export function cnrSource(opts: CnrSourceOptions): DropListSource {
  return {
    name: `CNR QueryDomainPendingDeleteList (${opts.zones === 'all' ? 'all zones' : 'priced zones'})`,
    async open() {
      const zones = opts.zones === 'all' ? undefined : await opts.zones();
      if (zones?.length === 0) {
        throw new DomainError(
          'IMPORT_FAILED',
          'no zone has a price yet: set one (pricing set) or ask CNR for every zone (--all-zones)',
        );
      }
      return releasing(pendingDeletes(opts.client.call, zones, opts.pageSize ?? CNR_PAGE_SIZE), () =>
        opts.client.close(),
      );
    },
  };
}
