import { z } from 'zod';
import { utcCalendar } from '../../clock.ts';
import { REGISTRAR_CODE, registrarError } from '../codes.ts';
import type { UpstreamAuction } from '../port.ts';
import type { Command } from './command.ts';
import type { Reply } from './reply.ts';

// What a reply must bring back, checked before anything reaches the lifecycle. A status decides
// about money, so a reply without a known one is an invalid response (423, retried); display-only
// fields (auction link, best bid) are dropped when malformed instead.

// Both gateways write UTC timestamps as `YYYY-MM-DD HH:MM:SS` (sometimes with a fraction, or a bare
// date). CNR states no zone; its replies' dates are taken as UTC like HEXONET's (ASSUMED for CNR).
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?)?$/;

export function parseApiDate(text: string): Date | undefined {
  const m = TIMESTAMP.exec(text.trim());
  if (!m) return undefined;
  const t = utcCalendar(m[1]!, m[2]!, m[3]!, m[4], m[5], m[6]);
  return t === undefined ? undefined : new Date(t);
}

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const apiDate = z.string().transform((v, ctx) => {
  const date = parseApiDate(v);
  if (!date) ctx.addIssue({ code: 'custom', message: `not a date: ${JSON.stringify(v.slice(0, 40))}` });
  return date ?? z.NEVER;
});
export const optionalDate = z.preprocess(blankToUndefined, apiDate.optional());
export const displayOnly = <T extends z.ZodType>(schema: T) =>
  z.preprocess(blankToUndefined, schema.optional().catch(undefined));

/** The upstream auction fields of HEXONET's StatusDomainApplication (hexonet-api-documentation). */
export const auctionFields = {
  'AUCTION-URL': displayOnly(z.url({ protocol: /^https?$/ })),
  'AUCTION-ENDDATE': displayOnly(apiDate),
  'AUCTION-BESTBID': displayOnly(z.string().trim().max(64)),
};

type AuctionFields = { [K in keyof typeof auctionFields]?: z.output<(typeof auctionFields)[K]> };

/** The auction the reply describes, or undefined when it names none. */
export function auctionOf(r: AuctionFields): UpstreamAuction | undefined {
  const auction = withoutUndefined({
    url: r['AUCTION-URL'],
    endsAt: r['AUCTION-ENDDATE'],
    bestBid: r['AUCTION-BESTBID'],
  });
  return Object.keys(auction).length ? auction : undefined;
}

export function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Validate the first value of each property (single-object replies). `what`: registrar and command. */
function decodeFirst<T extends z.ZodType>(schema: T, what: string, reply: Reply): z.output<T> {
  const firsts = Object.fromEntries(
    Object.entries(reply.properties).map(([name, values]) => [name, values[0]]),
  );
  return decode(schema, what, firsts);
}

/** Validate whole property columns (list replies). */
function decodeColumns<T extends z.ZodType>(schema: T, what: string, reply: Reply): z.output<T> {
  return decode(schema, what, reply.properties);
}

/**
 * Commands whose replies are validated on arrival: `first` for single-object replies, `columns` for
 * lists. `registrar` names the gateway in the errors (HEXONET, CNR).
 */
export function checkedCalls(call: (command: Command) => Promise<Reply>, registrar: string) {
  return {
    first: async <T extends z.ZodType>(schema: T, command: Command): Promise<z.output<T>> =>
      decodeFirst(schema, `${registrar} ${command.COMMAND}`, await call(command)),
    columns: async <T extends z.ZodType>(schema: T, command: Command): Promise<z.output<T>> =>
      decodeColumns(schema, `${registrar} ${command.COMMAND}`, await call(command)),
  };
}

function decode<T extends z.ZodType>(schema: T, what: string, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'reply'} ${i.message}`).join('; ');
  throw registrarError(REGISTRAR_CODE.INVALID_RESPONSE, `${what}: unexpected reply (${problems})`);
}
