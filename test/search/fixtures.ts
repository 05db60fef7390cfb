import type { Db } from '../../src/db/client.ts';
import { parseDomainName } from '../../src/domain/domain-name.ts';
import { scoreLabel } from '../../src/score/score.ts';

// A deterministic drop list that looks like the real one (dictionary words, brandables, numbers,
// hyphens, short names, IDN, multi-label zones), shared by the search tests and the benchmark.

export interface DropRow {
  fqdn: string;
  label: string;
  zone: string;
  dropAt: Date;
  length: number;
  letters: number;
  digits: number;
  hyphens: number;
  idn: boolean;
  score: number;
}

const WORDS =
  `able acme air alpha apex app art auto baby bank bar base bay beach bear best bet bike bio bird black
blue boat body book boost box brain brand bread bright build bull buy cafe cam camp car card care cash cat
chain chef city clean cloud club coach code coin cool craft crypto cube cyber data dating deal deep dental
design dev diet digital doc dog dream drive drone eagle earth eco edge energy euro event expert eye face
fair farm fashion fast film finance fire fish fit fix flash flow fly food forest fox free fresh fun fund
game garden gear gift go gold golf good green grid group guide hair happy health heart hero home hope host
hotel house hub ice idea image info ink iron jet job joy key kid king lab lake land law lead life light
line link lion live loan local logic love lucky mail map market master media medic meta mind mobile money
moon motor music nano net new news next nova ocean one online open page park party pay peak pet photo pix
pixel planet play plus point power pro prime pure quick radio rain real red rent rock room root royal run
safe sale sea secure seo shop silver sky smart snow social solar soft sound space sport star start stone
store studio style sun super swift team tech tiger time top tour town toy trade travel tree trend true
trust union up urban valley vision vita voice wave web well wild win wine wise wolf wood work world yoga
zen zone`
    .split(/\s+/)
    .filter(Boolean);

const IDN_WORDS = [
  'münchen',
  'café',
  'straße',
  'köln',
  'zürich',
  'größe',
  'bücher',
  'pâtisserie',
  '日本',
  'москва',
  'ελλάδα',
  'señor',
];

const ZONES: [string, number][] = [
  ['com', 40],
  ['de', 10],
  ['net', 8],
  ['org', 7],
  ['info', 4],
  ['io', 3],
  ['co.uk', 3],
  ['eu', 3],
  ['nl', 3],
  ['biz', 2],
  ['co', 2],
  ['shop', 2],
  ['online', 2],
  ['app', 2],
  ['fr', 2],
  ['us.com', 1],
  ['photography', 1],
  ['xn--p1ai', 1],
  ['com.au', 1],
  ['ch', 1],
  ['me', 1],
];
const ZONE_TOTAL = ZONES.reduce((s, [, w]) => s + w, 0);

/** mulberry32: small, fast and the same on every machine. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One row as the importer would store it. */
export function makeRow(name: string, dropAt: Date): DropRow {
  const { fqdn, label, zone, length, letters, digits, hyphens, idn } = parseDomainName(name);
  return { fqdn, label, zone, dropAt, length, letters, digits, hyphens, idn, score: scoreLabel(label).score };
}

function makeLabel(r: () => number): string {
  const pick = <T>(list: readonly T[]) => list[Math.floor(r() * list.length)]!;
  const letters = (n: number) =>
    Array.from({ length: n }, () => String.fromCharCode(97 + Math.floor(r() * 26))).join('');
  const number = (n: number) => Array.from({ length: n }, () => String(Math.floor(r() * 10))).join('');
  const x = r();
  if (x < 0.42) return pick(WORDS) + pick(WORDS);
  if (x < 0.55) return pick(WORDS) + number(1 + Math.floor(r() * 3));
  if (x < 0.64) return `${pick(WORDS)}-${pick(WORDS)}`;
  if (x < 0.74) return pick(WORDS) + pick(WORDS) + pick(WORDS);
  if (x < 0.82) return letters(2 + Math.floor(r() * 4));
  if (x < 0.87) return number(2 + Math.floor(r() * 5));
  if (x < 0.9) return `${letters(1)}${number(1)}${letters(1 + Math.floor(r() * 2))}`;
  if (x < 0.97) return pick(WORDS) + letters(2 + Math.floor(r() * 5));
  return r() < 0.5 ? pick(IDN_WORDS) : pick(IDN_WORDS) + pick(WORDS);
}

function makeZone(r: () => number): string {
  let x = r() * ZONE_TOTAL;
  for (const [zone, w] of ZONES) {
    x -= w;
    if (x < 0) return zone;
  }
  return 'com';
}

/**
 * `count` distinct names dropping between `from` and `from + days`, each at a whole second (as the
 * real list's `YYYY-MM-DD HH:MM:SS`), several names sharing each drop time as in the real list.
 */
export function generateRows(count: number, opts: { seed: number; from: Date; days: number }): DropRow[] {
  const r = rng(opts.seed);
  const seen = new Set<string>();
  const rows: DropRow[] = [];
  const slots = Math.max(1, Math.floor((opts.days * 86_400) / 7));
  while (rows.length < count) {
    const row = makeRow(`${makeLabel(r)}.${makeZone(r)}`, opts.from);
    if (seen.has(row.fqdn)) continue;
    seen.add(row.fqdn);
    row.dropAt = new Date(opts.from.getTime() + Math.floor(r() * slots) * 7_000);
    rows.push(row);
  }
  return rows;
}

/**
 * Replace the drop list as an import would: rows and a finished DropImport row in one transaction
 * (the search index keys its freshness on the latest successful import). Through Prisma, so the
 * tests run on SQLite and PostgreSQL alike.
 */
export async function storeRows(db: Db, rows: DropRow[], at = new Date()): Promise<number> {
  return db.tx(async (tx) => {
    const { id } = await tx.dropImport.create({
      data: { source: 'test', startedAt: at, finishedAt: at, ok: true, total: rows.length },
    });
    await tx.dropDomain.deleteMany({});
    for (let i = 0; i < rows.length; i += 5000) {
      await tx.dropDomain.createMany({ data: rows.slice(i, i + 5000).map((x) => ({ ...x, importId: id })) });
    }
    return id;
  });
}
