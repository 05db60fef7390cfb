import { domainToASCII } from 'node:url';
import { DAY, HOUR, MINUTE } from '../clock.ts';
import { inBatches } from './lines.ts';
import type { DropListSource } from './source.ts';

// A realistic drop list with no account anywhere: ~`size` names across 26 zones dropping over the
// next 5 days, at each zone's usual release hours. Names are drawn per UTC day from the seed, so a
// re-import the next day keeps the names still pending, drops the passed day and adds a new one,
// as the real list does; the same seed and day always give the same names and times.

const HORIZON_DAYS = 5;

const WORDS = (
  'able acme aero agent air alpha amber apex apple arc arrow art atlas auto baby bake bank bay beach bear bee best bike ' +
  'bird black blue boat bold book boost box brand bread bright build cafe camp car care cash cat city clean click cloud ' +
  'club coast code coffee cool core craft crowd cube cyber dark data deal deep delta design dev digital dog dream drive ' +
  'eagle earth easy eco edge energy euro event express farm fast fire fish fit flex flow fly food forest fox fresh fun ' +
  'game garden gear gift global go gold green grid group guide happy health hero hill home hot hub idea info iron jet ' +
  'joy key kid king lab lake land law light lime link live local logic love lux magic mail map market max media metro ' +
  'mind mint mobile moon motor music nano net next nova ocean one open orange park pay peak pet photo pixel pizza planet ' +
  'play plus point pop power prime pro pure quick radio rain red rent rock royal run safe sale sea secure shop silver ' +
  'simple sky smart snap social solar solid sound space spark sport star start stone studio sun super swift team tech ' +
  'time top tour town toy trade travel tree true trust urban valley vision wave web well wild wind wine wise wood work ' +
  'world yoga zen zone'
).split(' ');
const IDN_WORDS =
  'müller bäcker küche schön grün möbel größe fußball café crème über straßen brücke zürich köln münchen'.split(
    ' ',
  );
const CONSONANTS = [...'bcdfghjklmnprstvxz'];
const VOWELS = [...'aeiouy'];

/** zone, weight, release window start (UTC hour) and length in hours */
const ZONES: Array<[string, number, number, number]> = [
  ['com', 30, 19, 2],
  ['net', 7, 19, 2],
  ['org', 6, 15, 2],
  ['info', 4, 14, 3],
  ['biz', 2, 14, 3],
  ['de', 8, 8, 10],
  ['eu', 3, 16, 2],
  ['nl', 3, 10, 6],
  ['be', 2, 10, 4],
  ['at', 2, 9, 6],
  ['ch', 2, 9, 6],
  ['fr', 2, 12, 4],
  ['it', 2, 11, 4],
  ['es', 2, 6, 3],
  ['co.uk', 4, 10, 4],
  ['us.com', 1, 17, 2],
  ['uk.com', 1, 17, 2],
  ['io', 3, 16, 3],
  ['xyz', 3, 18, 2],
  ['online', 2, 18, 2],
  ['shop', 2, 18, 2],
  ['store', 1, 18, 2],
  ['club', 1, 15, 3],
  ['photography', 1, 16, 2],
  ['tech', 1, 18, 2],
  ['site', 1, 18, 2],
];
const ZONE_WEIGHT = ZONES.reduce((sum, z) => sum + z[1], 0);

/** mulberry32: small, fast, and the same sequence on every platform. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function label(rnd: () => number): string {
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  const number = () => String(Math.floor(rnd() ** 2 * 2000));
  const brandable = () => {
    let s = '';
    for (let i = 2 + Math.floor(rnd() * 2); i > 0; i--) s += pick(CONSONANTS) + pick(VOWELS);
    return rnd() < 0.4 ? s + pick(CONSONANTS) : s;
  };
  const kind = rnd();
  if (kind < 0.3) return pick(WORDS) + pick(WORDS);
  if (kind < 0.48) return pick(WORDS) + pick(WORDS) + pick(WORDS);
  if (kind < 0.63) return brandable();
  if (kind < 0.74) return rnd() < 0.5 ? pick(WORDS) + number() : number() + pick(WORDS);
  if (kind < 0.78) return String(100 + Math.floor(rnd() * 99_900));
  if (kind < 0.88) return `${pick(WORDS)}-${pick(WORDS)}${rnd() < 0.3 ? `-${pick(WORDS)}` : ''}`;
  if (kind < 0.94)
    return pick(IDN_WORDS) + (rnd() < 0.5 ? pick(WORDS) : rnd() < 0.5 ? `-${pick(IDN_WORDS)}` : '');
  return brandable().slice(0, 3 + Math.floor(rnd() * 2));
}

function zone(rnd: () => number): (typeof ZONES)[number] {
  let w = rnd() * ZONE_WEIGHT;
  for (const z of ZONES) {
    w -= z[1];
    if (w < 0) return z;
  }
  return ZONES[0]!;
}

/** The list carries names in their ASCII (punycode) form, as HEXONET's does. */
const ascii = (name: string) => (/[\u0080-\uffff]/.test(name) ? domainToASCII(name) : name);

/** FNV-1a: a cheap, stable hash to give every name one home day (see sandboxLines). */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const formatTime = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

/** The sandbox list at `now`, as CSV lines with a header, like HEXONET's file. */
export async function* sandboxLines(seed: number, size: number, now: Date): AsyncGenerator<string> {
  yield 'domain;drop_date';
  const from = now.getTime();
  const until = from + HORIZON_DAYS * DAY;
  const perDay = Math.round(size / HORIZON_DAYS);
  // A day's names depend on the seed and that day alone, so the list rolls day by day. Names of
  // different days cannot collide: each name belongs to the day whose number matches its hash
  // modulo the days the list can span (today and the next HORIZON_DAYS).
  const span = HORIZON_DAYS + 1;
  for (let day = Math.floor(from / DAY) * DAY; day <= until; day += DAY) {
    const dayNumber = day / DAY;
    const rnd = random(seed * 7919 + dayNumber);
    const seen = new Set<string>();
    for (let i = 0; i < perDay; i++) {
      const [name, , start, hours] = zone(rnd);
      const at = day + start * HOUR + Math.floor(rnd() * hours * 60) * MINUTE + Math.floor(rnd() * 60) * 1000;
      let fqdn: string;
      do fqdn = ascii(`${label(rnd)}.${name}`);
      while (hash(fqdn) % span !== dayNumber % span || seen.has(fqdn));
      seen.add(fqdn);
      if (at > from && at <= until) yield `${fqdn};${formatTime(at)}`;
    }
  }
}

export function sandboxSource(opts: { seed: number; size: number; now: () => Date }): DropListSource {
  return {
    name: `sandbox (seed ${opts.seed}, ${opts.size} names)`,
    open: async () => inBatches(sandboxLines(opts.seed, opts.size, opts.now()), 2000),
  };
}
