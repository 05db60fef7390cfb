import { z } from 'zod';
import { REGISTRAR_CODE, registrarError } from '../codes.ts';
import { APPLICATION_STATUSES } from '../port.ts';
import type { Reply } from './reply.ts';

// What each command must bring back, checked before anything reaches the lifecycle. The status
// decides about money, so a reply without a known one is an invalid response (423, retried);
// display-only fields (auction link, best bid) are dropped when malformed instead.

// HEXONET writes UTC timestamps as `YYYY-MM-DD HH:MM:SS` (sometimes with a fraction, or a bare date).
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?)?$/;

export function parseHexonetDate(text: string): Date | undefined {
  const m = TIMESTAMP.exec(text.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map((v) => Number(v ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? date : undefined;
}

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const hexonetDate = z.string().transform((v, ctx) => {
  const date = parseHexonetDate(v);
  if (!date) ctx.addIssue({ code: 'custom', message: `not a date: ${JSON.stringify(v.slice(0, 40))}` });
  return date ?? z.NEVER;
});
const optionalDate = z.preprocess(blankToUndefined, hexonetDate.optional());
const displayOnly = <T extends z.ZodType>(schema: T) =>
  z.preprocess(blankToUndefined, schema.optional().catch(undefined));
const status = z.string().trim().toUpperCase().pipe(z.enum(APPLICATION_STATUSES));

export const addApplicationReply = z.object({ APPLICATION: z.string().trim().min(1) });

export const statusApplicationReply = z.object({
  STATUS: status,
  'AUCTION-URL': displayOnly(z.url({ protocol: /^https?$/ })),
  'AUCTION-ENDDATE': displayOnly(hexonetDate),
  'AUCTION-BESTBID': displayOnly(z.string().trim().max(64)),
});

export const statusDomainReply = z.object({ CREATEDDATE: optionalDate, EXPIRATIONDATE: optionalDate });

export const applicationListReply = z.object({
  APPLICATION: z.array(z.string().trim()).default([]),
  STATUS: z.array(status).default([]),
  DOMAIN: z.array(z.string().trim().toLowerCase()).optional(),
});

/** Validate the first value of each property (single-object replies). */
export function decodeFirst<T extends z.ZodType>(schema: T, command: string, reply: Reply): z.output<T> {
  const firsts = Object.fromEntries(
    Object.entries(reply.properties).map(([name, values]) => [name, values[0]]),
  );
  return decode(schema, command, firsts);
}

/** Validate whole property columns (list replies). */
export function decodeColumns<T extends z.ZodType>(schema: T, command: string, reply: Reply): z.output<T> {
  return decode(schema, command, reply.properties);
}

function decode<T extends z.ZodType>(schema: T, command: string, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'reply'} ${i.message}`).join('; ');
  throw registrarError(REGISTRAR_CODE.INVALID_RESPONSE, `HEXONET ${command}: unexpected reply (${problems})`);
}
