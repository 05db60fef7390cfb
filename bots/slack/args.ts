import { z } from 'zod';
import { UsageError } from '../../src/index.ts';
import { esc } from './blocks.ts';

// Every sub-command's words are checked by a zod schema before the core sees them, and a mistake
// becomes one precise sentence plus the usage line, not a stack trace or a silent no-op.

/** Positional words under names, the remaining words as `rest`. */
export function fields<const N extends string>(
  args: string[],
  names: readonly N[],
): Record<N, string | undefined> & { rest: string[] } {
  const out = { rest: args.slice(names.length) } as Record<N, string | undefined> & { rest: string[] };
  names.forEach((n, i) => {
    (out as Record<string, unknown>)[n] = args[i];
  });
  return out;
}

export function parseArgs<S extends z.ZodType>(schema: S, input: unknown, usage: string): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const problems = [...new Set(r.error.issues.map((i) => i.message))];
  throw new UsageError(`${problems.join('; ')}.\nUsage: \`/backorder ${usage}\``);
}

/** What staff typed, quoted and escaped, for a UsageError's message. */
export const shown = (v: unknown) => esc(JSON.stringify(String(v)));

/** A required word; `what` is its name in the usage line (ZONE, ID…). */
export const word = (what: string) =>
  z
    .string({ error: `${what} is missing` })
    .trim()
    .min(1, `${what} is missing`)
    .max(200, `${what} is too long`);

export const zone = word('ZONE').regex(/^\.?[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)*$/u, {
  error: (i) => `ZONE ${shown(i.input)} is not a zone such as com or co.uk`,
});

export const currency = word('CURRENCY')
  .regex(/^[A-Za-z]{3}$/, {
    error: (i) => `CURRENCY ${shown(i.input)} is not a three-letter code such as USD`,
  })
  .transform((c) => c.toUpperCase());

export const amount = word('AMOUNT').regex(/^\d{1,15}([.,]\d+)?$/, {
  error: (i) => `AMOUNT ${shown(i.input)} is not an amount such as 12.50`,
});

/** A backorder id, `12` or `#12`. */
export const id = word('ID')
  .regex(/^#?\d{1,9}$/, { error: (i) => `ID ${shown(i.input)} is not a backorder number such as 12` })
  .transform((v) => Number(v.replace('#', '')));

/** Words nobody asked for are a mistake worth saying, not something to ignore. */
export const nothingMore = z
  .array(z.string())
  .max(0, { error: (i) => `unexpected words: ${esc((i.input as string[]).join(' '))}` });

export const freeText = (what: string, max: number) =>
  z
    .array(z.string())
    .transform((words) => words.join(' ').trim())
    .pipe(z.string().max(max, `${what} is longer than ${max} characters`));

/** A confirmation button's value, checked like typed words: Slack signs it, but an old message may carry an old shape. */
export function buttonValue<S extends z.ZodType>(schema: S, value: string): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    json = undefined;
  }
  const r = schema.safeParse(json);
  if (!r.success)
    throw new UsageError(
      'This button is out of date, so nothing was changed. Please type the command again.',
    );
  return r.data;
}
