import { type Db, sqlDate } from '../db/client.ts';
import { displayName } from '../domain/domain-name.ts';
import { Prisma } from '../generated/sqlite/client.ts';
import { likePattern } from './keyword.ts';
import { type DropDay, type SearchIndex, type SearchQuery, STATS } from './query.ts';

// Search as plain SQL: what PostgreSQL runs, what SQLite runs until the memory index is ready (and
// the benchmark's baseline). Every value is a bound parameter; the only spliced text is a column
// name or direction taken from the fixed lists below, never from the user.

const COLUMN = {
  fqdn: '"fqdn"',
  dropAt: '"dropAt"',
  length: '"length"',
  digits: '"digits"',
  hyphens: '"hyphens"',
  score: '"score"',
} as const;
const STAT_COLUMN = {
  length: '"length"',
  letters: '"letters"',
  digits: '"digits"',
  hyphens: '"hyphens"',
} as const;

interface Row {
  fqdn: string;
  label: string;
  zone: string;
  dropAt: Date | string;
  length: number | bigint;
  letters: number | bigint;
  digits: number | bigint;
  hyphens: number | bigint;
  idn: boolean | number | bigint;
  score: number | bigint;
}

/** `fullScan`: read every row whatever the filters (the benchmark's naive baseline). */
export function createSqlIndex(db: Db, opts: { fullScan?: boolean } = {}): SearchIndex {
  const pg = db.kind === 'postgresql';
  // No index serves LIKE '%kw%'; SQLite would still walk the dropAt index for the date bound and
  // fetch each row from the table by key, ~10x slower than reading the table straight through.
  const table = (q: SearchQuery) =>
    Prisma.raw(!pg && (opts.fullScan || q.keyword) ? '"DropDomain" NOT INDEXED' : '"DropDomain"');
  // SQLite keeps DateTime as ISO text with an offset, compared as text; PostgreSQL has a real type.
  const at = (d: Date) => (pg ? d : sqlDate(d));
  // Ties and the fqdn sort use byte order, as SQLite does and the memory index does; PostgreSQL's
  // default collation would sort by locale rules instead.
  const fqdnOrder = Prisma.raw(pg ? '"fqdn" COLLATE "C"' : '"fqdn"');

  function where(q: SearchQuery, now: Date): Prisma.Sql {
    const c: Prisma.Sql[] = [];
    // "Not past yet" holds for most of the list, yet SQLite (no statistics on the freshly swapped
    // table) would pick the dropAt index for it and fetch most rows one by one; `+` keeps the
    // bound but takes it off the index, so the zone or length index, or a scan, serves.
    if (!q.includePast) c.push(Prisma.sql`${Prisma.raw(pg ? '"dropAt"' : '+"dropAt"')} > ${at(now)}`);
    if (q.from) c.push(Prisma.sql`"dropAt" >= ${at(q.from)}`);
    if (q.to) c.push(Prisma.sql`"dropAt" <= ${at(q.to)}`);
    if (q.zones.length) c.push(Prisma.sql`"zone" IN (${Prisma.join(q.zones)})`);
    if (q.keyword) c.push(Prisma.sql`"label" LIKE ${likePattern(q.keyword)}`);
    for (const s of STATS) {
      const { min, max } = q.ranges[s];
      if (min !== undefined) c.push(Prisma.sql`${Prisma.raw(STAT_COLUMN[s])} >= ${min}`);
      if (max !== undefined) c.push(Prisma.sql`${Prisma.raw(STAT_COLUMN[s])} <= ${max}`);
    }
    if (q.excludeIdn) c.push(Prisma.sql`NOT "idn"`);
    if (q.minScore > 0) c.push(Prisma.sql`"score" >= ${q.minScore}`);
    return c.length ? Prisma.sql`WHERE ${Prisma.join(c, ' AND ')}` : Prisma.empty;
  }

  return {
    async search(q, now) {
      const filter = where(q, now);
      const from = table(q);
      const dir = Prisma.raw(q.order === 'desc' ? 'DESC' : 'ASC');
      const order =
        q.sort === 'fqdn'
          ? Prisma.sql`${fqdnOrder} ${dir}`
          : Prisma.sql`${Prisma.raw(COLUMN[q.sort])} ${dir}, ${fqdnOrder} ASC`;
      const [counted, rows] = await Promise.all([
        db.prisma.$queryRaw<{ n: number | bigint }[]>`SELECT COUNT(*) AS n FROM ${from} ${filter}`,
        db.prisma.$queryRaw<Row[]>`
          SELECT "fqdn", "label", "zone", "dropAt", "length", "letters", "digits", "hyphens", "idn", "score"
          FROM ${from} ${filter} ORDER BY ${order}
          LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`,
      ]);
      return {
        total: Number(counted[0]?.n ?? 0),
        page: q.page,
        pageSize: q.pageSize,
        items: rows.map((r) => ({
          fqdn: r.fqdn,
          display: displayName(r.fqdn),
          label: r.label,
          zone: r.zone,
          dropAt: new Date(r.dropAt),
          length: Number(r.length),
          letters: Number(r.letters),
          digits: Number(r.digits),
          hyphens: Number(r.hyphens),
          idn: Boolean(Number(r.idn)),
          score: Number(r.score),
        })),
      };
    },

    async upcomingDays(days, now) {
      const day = Prisma.raw(pg ? `to_char("dropAt", 'YYYY-MM-DD')` : `substr("dropAt", 1, 10)`);
      const rows = await db.prisma.$queryRaw<{ day: string; n: number | bigint }[]>`
        SELECT ${day} AS day, COUNT(*) AS n FROM "DropDomain" WHERE "dropAt" > ${at(now)}
        GROUP BY 1 ORDER BY 1 LIMIT ${days}`;
      return rows.map((r): DropDay => ({ date: r.day, count: Number(r.n) }));
    },
  };
}
