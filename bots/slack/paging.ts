import {
  actions,
  type Block,
  type ButtonSpec,
  codeSections,
  context,
  cut,
  header,
  LIMITS,
  message,
  type Reply,
  section,
  sections,
  sectionWithButton,
  textLength,
} from './blocks.ts';

// Lists are paged on the server (a page is one query with a total beside it), shown one page per
// message, with Previous/Next buttons. A button's value is the command line of the page it shows,
// so a click runs the same validated sub-command as typing `… page N` would.

export const PAGE_ACTION = 'bo.page.';
/** a button whose value is a command line to run, answered as a new message (a row's details) */
export const RUN_ACTION = 'bo.run.';

/** the Previous/Next buttons' labels, and a row button's label, with room to spare */
const NAV_ROOM = 40;

export interface PageWindow {
  page: number;
  pages: number;
  skip: number;
  take: number;
}

/** The page to show of `total` rows: a page past the end shows the last one. */
export function pageWindow(requested: number | undefined, total: number, pageSize: number): PageWindow {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(requested ?? 1, 1), pages);
  return { page, pages, skip: (page - 1) * pageSize, take: pageSize };
}

export interface ListPage {
  title: string;
  /** what the list is: totals and filters, in mrkdwn */
  summary: string;
  /** this page's rows, in mrkdwn (escaped by the caller) */
  rows: string[];
  window: PageWindow;
  /** the command line that shows page n of the same list */
  commandFor(page: number): string;
  /** said instead of rows when there are none */
  empty: string;
  footer?: string;
  /** rows are lines of a table, shown monospaced */
  table?: boolean;
  /** the number of pages is not known, only whether a next one exists (window.pages = page + 1) */
  openEnded?: boolean;
  /** a button beside each row (one section per row, so keep such pages short) */
  rowButtons?: ButtonSpec[];
}

export function listReply(p: ListPage): Reply {
  const { page, pages } = p.window;
  const where = pages > 1 || page > 1 ? `page ${page}${p.openEnded ? '' : ` of ${pages}`}` : '';
  const blocks: Block[] = [header(p.title), context(`${p.summary}${where ? ` · ${where}` : ''}`)];
  const end: Block[] = p.footer ? [context(p.footer)] : [];
  // Every row gets an equal share of what the message may hold besides its frame (and the
  // newlines and fences that join rows), so a page of long rows is cut, never refused.
  const frame = textLength([...blocks, ...end]) + NAV_ROOM + 8 * p.rows.length;
  const share = Math.floor((LIMITS.messageText - frame) / Math.max(p.rows.length, 1));
  const rows = p.rows.map((r) => cut(r, share));
  if (!rows.length) blocks.push(section(p.empty));
  else if (p.rowButtons) blocks.push(...rows.map((r, i) => sectionWithButton(r, p.rowButtons![i]!)));
  else blocks.push(...(p.table ? codeSections(rows) : sections(rows)));
  blocks.push(...end);
  const nav: ButtonSpec[] = [];
  if (page > 1)
    nav.push({ text: `◀ Page ${page - 1}`, actionId: `${PAGE_ACTION}prev`, value: p.commandFor(page - 1) });
  if (page < pages)
    nav.push({ text: `Page ${page + 1} ▶`, actionId: `${PAGE_ACTION}next`, value: p.commandFor(page + 1) });
  if (nav.length) blocks.push(actions(nav));
  return message(`${p.title}${where ? ` (${where})` : ''}`, blocks);
}

/** Words quoted back into a command line, so a name with spaces survives the round trip. */
export const commandLine = (...words: Array<string | undefined>) =>
  words
    .filter((w): w is string => w !== undefined && w !== '')
    .map((w) => (/[\s"“”]/.test(w) ? `"${w.replace(/["“”]/g, '')}"` : w))
    .join(' ');
