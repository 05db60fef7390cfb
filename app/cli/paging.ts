import { intOption, type Options, type ParsedArgs } from './command.ts';

// One way for every list command to say how many rows there are and how to get the rest, in text
// and in --json: `total`, `page`, `pageSize`, `pages`, and `--limit N` / `--page N` to move.

export const pageOptions = { limit: { type: 'string' }, page: { type: 'string' } } satisfies Options;

export const pageUsage = '[--limit N] [--page N]';

export interface Page {
  page: number;
  pageSize: number;
  offset: number;
}

export function readPage(values: ParsedArgs['values'], sizes: { default: number; max: number }): Page {
  const pageSize = intOption(values.limit, 'limit', 1, sizes.max) ?? sizes.default;
  const page = intOption(values.page, 'page', 1, 1_000_000) ?? 1;
  return { page, pageSize, offset: (page - 1) * pageSize };
}

export interface PageInfo {
  total: number;
  page: number;
  pageSize: number;
  pages: number;
}

export function pageInfo(p: Page, total: number): PageInfo {
  return { total, page: p.page, pageSize: p.pageSize, pages: Math.max(1, Math.ceil(total / p.pageSize)) };
}

/** e.g. "148 customers, 1-100 shown (page 1 of 2); next: --page 2" */
export function pageLine(info: PageInfo, shown: number, noun: [one: string, many: string]): string {
  const count = `${info.total} ${info.total === 1 ? noun[0] : noun[1]}`;
  if (info.total === 0 || (info.page === 1 && shown === info.total)) return count;
  const first = (info.page - 1) * info.pageSize;
  const range = shown > 0 ? `${first + 1}-${first + shown} shown` : 'none shown';
  const next = info.page < info.pages ? `; next: --page ${info.page + 1}` : '';
  return `${count}, ${range} (page ${info.page} of ${info.pages})${next}`;
}
