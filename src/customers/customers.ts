import { readdirSync } from 'node:fs';
import { z } from 'zod';
import type { Prisma, Tx } from '../db/client.ts';
import { InvalidInput, NotFound } from '../errors.ts';
import { SHIPPED_TEMPLATES } from '../paths.ts';
import { normaliseCurrency } from '../pricing/prices.ts';
import { contactSchema } from './contact.ts';

// Customer accounts and their platform identities. A customer has one currency (prices and ledger
// are in it) and one language; identities map (platform, externalId) to exactly one customer.

type TxOrDb = Tx | Prisma;

/**
 * The platforms customers can have accounts on. The core keeps no list of them: a platform is
 * known when its adapter ships notification templates (templates/<platform>/), since an account
 * anywhere else could never hear from us. A new front end adds its folder and needs no change here.
 */
let known: ReadonlySet<string> | undefined;
const knownPlatforms = (): ReadonlySet<string> =>
  (known ??= new Set(
    readdirSync(SHIPPED_TEMPLATES, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name),
  ));

export const platformSchema = z.string().refine((p) => knownPlatforms().has(p), {
  error: (issue) =>
    `unknown platform "${String(issue.input)}" (one of: ${[...knownPlatforms()].sort().join(', ')})`,
});
export type Platform = string;
export const LANGUAGES = ['en', 'de'] as const;
export type Language = (typeof LANGUAGES)[number];

export interface CustomerDefaults {
  currency: string;
  language: string;
}

/** Flattens zod's issues into one InvalidInput naming each bad field. */
function parse<T>(schema: z.ZodType<T>, value: unknown, label = 'value'): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const msg = r.error.issues.map((i) => `${i.path.join('.') || label} ${i.message}`).join('; ');
  throw new InvalidInput(msg);
}

const name = z.string().trim().min(1, 'must not be empty').max(200);
const language = z.enum(LANGUAGES, { error: `must be one of ${LANGUAGES.join(', ')}` });

const createSchema = z.object({
  name,
  /** checked against LANGUAGES once the default is applied */
  language: z.string().optional(),
  currency: z.string().optional(),
  contact: contactSchema.nullish(),
  at: z.date().optional(),
});
export type NewCustomer = z.input<typeof createSchema>;

export async function createCustomer(db: TxOrDb, input: NewCustomer, defaults: CustomerDefaults) {
  const c = parse(createSchema, input);
  return db.customer.create({
    data: {
      name: c.name,
      language: parse(language, c.language ?? defaults.language, 'language'),
      currency: normaliseCurrency(c.currency ?? defaults.currency),
      contact: c.contact ? JSON.stringify(c.contact) : null,
      ...(c.at ? { createdAt: c.at, updatedAt: c.at } : {}),
    },
  });
}

const identitySchema = z.object({
  platform: platformSchema,
  externalId: z.string().trim().min(1).max(100),
  address: z.string().trim().min(1).max(100).optional(),
  name,
  language: z.string().optional(),
  at: z.date(),
});
export type IdentityInput = z.input<typeof identitySchema>;

/**
 * The customer behind a platform identity, created with it on first contact. A language the product
 * does not speak (Telegram sends e.g. "fr") falls back to the default. Run it inside db.tx().
 *
 * Concurrent first messages make one customer. On SQLite transactions are serialized anyway. On
 * PostgreSQL both may insert a customer; the identity insert skips on the unique (platform,
 * externalId) instead of failing (a failed statement would abort the caller's transaction), waiting
 * for the other transaction to commit first, and the loser drops its customer and returns the winner's.
 */
export async function findOrCreateByIdentity(db: Tx, input: IdentityInput, defaults: CustomerDefaults) {
  const i = parse(identitySchema, input);
  const key = { platform_externalId: { platform: i.platform, externalId: i.externalId } };
  const existing = await db.identity.findUnique({ where: key, include: { customer: true } });
  if (existing) {
    if (i.address && i.address !== existing.address) {
      await db.identity.update({
        where: { id: existing.id },
        data: { address: i.address, unreachableAt: null },
      });
    }
    return { customer: existing.customer, created: false };
  }
  const lang = language.safeParse(i.language?.slice(0, 2).toLowerCase());
  const customer = await db.customer.create({
    data: {
      name: i.name,
      language: lang.success ? lang.data : parse(language, defaults.language, 'language'),
      currency: normaliseCurrency(defaults.currency),
      createdAt: i.at,
      updatedAt: i.at,
    },
  });
  const inserted = await db.$executeRaw`
    INSERT INTO "Identity" ("platform", "externalId", "address", "customerId", "createdAt")
    VALUES (${i.platform}, ${i.externalId}, ${i.address ?? null}, ${customer.id}, ${i.at})
    ON CONFLICT ("platform", "externalId") DO NOTHING`;
  if (inserted === 1) return { customer, created: true };
  await db.customer.delete({ where: { id: customer.id } });
  const winner = await db.identity.findUniqueOrThrow({ where: key, include: { customer: true } });
  return { customer: winner.customer, created: false };
}

export async function getCustomer(db: TxOrDb, id: number) {
  const customer = await db.customer.findUnique({ where: { id } });
  if (!customer) throw new NotFound('customer', id);
  return customer;
}

/**
 * Resolves what staff and scripts type: a numeric id, an identity `telegram:123`, or the exact name
 * (refused when several customers share it, so money never goes to the wrong one).
 */
export async function findCustomer(db: TxOrDb, ref: string) {
  const r = ref.trim();
  if (/^\d+$/.test(r)) return getCustomer(db, Number(r));
  const m = /^([a-z][a-z0-9-]*):(.+)$/i.exec(r);
  if (m) {
    const identity = await db.identity.findUnique({
      where: { platform_externalId: { platform: m[1]!.toLowerCase(), externalId: m[2]!.trim() } },
      include: { customer: true },
    });
    // no such account: the text may still be a name with a colon in it
    if (identity) return identity.customer;
  }
  const named = await db.customer.findMany({ where: { name: r }, take: 2, orderBy: { id: 'asc' } });
  if (named.length === 0) throw new NotFound('customer', r);
  if (named.length > 1)
    throw new InvalidInput(`several customers are named "${r}": use the customer id`, { name: r });
  return named[0]!;
}

export interface CustomerQuery {
  /** part of the name, an id, or an identity's external id */
  text?: string;
  limit?: number;
  offset?: number;
}

const customerWhere = (q: CustomerQuery) => {
  const text = q.text?.trim();
  return text
    ? {
        OR: [
          { name: { contains: text } },
          { identities: { some: { externalId: text } } },
          ...(/^\d+$/.test(text) && Number(text) <= 2 ** 31 - 1 ? [{ id: Number(text) }] : []),
        ],
      }
    : {};
};

/** Customers with their identities, oldest first. */
export async function listCustomers(db: TxOrDb, q: CustomerQuery = {}) {
  return db.customer.findMany({
    where: customerWhere(q),
    include: { identities: { orderBy: { id: 'asc' } } },
    orderBy: { id: 'asc' },
    take: Math.min(Math.max(q.limit ?? 100, 1), 1000),
    skip: Math.max(q.offset ?? 0, 0),
  });
}

/** How many customers `listCustomers` pages through for the same text. */
export const countCustomers = (db: TxOrDb, q: CustomerQuery = {}) =>
  db.customer.count({ where: customerWhere(q) });

const updateSchema = z.object({
  name: name.optional(),
  language: language.optional(),
  /** null removes the stored contact */
  contact: contactSchema.nullable().optional(),
  /** notification kinds the customer does not want (stored as a comma list) */
  muted: z
    .array(
      z
        .string()
        .trim()
        .regex(/^[a-z.-]+$/),
    )
    .optional(),
  at: z.date().optional(),
});
export type CustomerPatch = z.input<typeof updateSchema>;

export async function updateCustomer(db: TxOrDb, id: number, patch: CustomerPatch) {
  const p = parse(updateSchema, patch);
  await getCustomer(db, id);
  return db.customer.update({
    where: { id },
    data: {
      ...(p.name !== undefined ? { name: p.name } : {}),
      ...(p.language !== undefined ? { language: p.language } : {}),
      ...(p.contact !== undefined ? { contact: p.contact ? JSON.stringify(p.contact) : null } : {}),
      ...(p.muted !== undefined ? { muted: [...new Set(p.muted)].sort().join(',') } : {}),
      ...(p.at ? { updatedAt: p.at } : {}),
    },
  });
}

export async function identitiesOf(db: TxOrDb, customerId: number) {
  return db.identity.findMany({ where: { customerId }, orderBy: { id: 'asc' } });
}
