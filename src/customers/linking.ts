import { createHash, randomInt } from 'node:crypto';
import { z } from 'zod';
import { writeLog } from '../audit/audit-log.ts';
import { MINUTE } from '../clock.ts';
import type { Db, Prisma, Tx } from '../db/client.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import { DomainError, InvalidInput } from '../errors.ts';
import { getCustomer, type Platform, platformSchema } from './customers.ts';

// Linking another platform's account to a customer: the customer asks the Telegram bot for a
// one-time code (/link) and enters it on the other platform (Discord's /link), which attaches that
// platform's identity to the account. Codes live in the database, so any instance can redeem what
// another issued: only their SHA-256 is kept, each lasts LINK_CODE_TTL_MS, is used once, and a
// new one replaces the customer's previous one. Failed attempts are counted per platform account
// in the database too (LINK_FAILURES_MAX within LINK_FAILURE_WINDOW_MS), so codes cannot be guessed
// by spreading attempts over instances. With 31^8 ≈ 8.5·10^11 codes, five guesses per 10 minutes
// leave a guesser no practical chance within a code's lifetime.

export const LINK_CODE_TTL_MS = 10 * MINUTE;
export const LINK_FAILURES_MAX = 5;
export const LINK_FAILURE_WINDOW_MS = 10 * MINUTE;
export const LINK_CODE_LENGTH = 8;
/** No 0/O, 1/I/L: a code read off one screen and typed on another must not be ambiguous. */
export const LINK_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

const CODE_FORMAT = new RegExp(`^[${LINK_CODE_ALPHABET}]{${LINK_CODE_LENGTH}}$`);
/** How a platform's name reads in a sentence: `telegram` → Telegram. */
const platformName = (platform: Platform) => platform[0]!.toUpperCase() + platform.slice(1);

/** crypto-random, uniform over the alphabet (randomInt rejects the biased tail) */
export function newLinkCode(): string {
  let code = '';
  for (let i = 0; i < LINK_CODE_LENGTH; i++) code += LINK_CODE_ALPHABET[randomInt(LINK_CODE_ALPHABET.length)];
  return code;
}

/** What people type: any case, with spaces or dashes; null when it cannot be a code at all. */
export function normaliseLinkCode(typed: string): string | null {
  const code = typed.toUpperCase().replace(/[\s-]/g, '');
  return CODE_FORMAT.test(code) ? code : null;
}

export const hashLinkCode = (code: string) => createHash('sha256').update(code, 'utf8').digest('hex');

export class LinkCodeInvalid extends DomainError {
  constructor() {
    super('LINK_CODE_INVALID', 'the link code is not valid (mistyped, expired or already used)');
    this.name = 'LinkCodeInvalid';
  }
}

export class TooManyAttempts extends DomainError {
  constructor(
    readonly retryAt: Date,
    now: Date,
  ) {
    const minutes = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / MINUTE));
    super('TOO_MANY_ATTEMPTS', `too many wrong link codes: try again in ${minutes} min`, {
      minutes,
      retryAt: retryAt.toISOString(),
    });
    this.name = 'TooManyAttempts';
  }
}

export class AlreadyLinked extends DomainError {
  constructor(platform: Platform, externalId: string) {
    super('ALREADY_LINKED', `${platform}:${externalId} is already linked to another customer`, {
      platform: platformName(platform),
    });
    this.name = 'AlreadyLinked';
  }
}

/** Issues a new code for the customer (replacing any previous one); the plain code is returned once. */
export async function issueLinkCode(db: Db, customerId: number, at: Date, actor: string) {
  const expiresAt = new Date(at.getTime() + LINK_CODE_TTL_MS);
  for (let attempt = 1; ; attempt++) {
    const code = newLinkCode();
    const codeHash = hashLinkCode(code);
    try {
      await db.tx(async (tx) => {
        await getCustomer(tx, customerId);
        await tx.linkCode.upsert({
          where: { customerId },
          create: { customerId, codeHash, expiresAt, createdAt: at },
          update: { codeHash, expiresAt, createdAt: at },
        });
        await writeLog(tx, at, {
          job: 'customer',
          message: `customer ${customerId}: link code issued, valid until ${expiresAt.toISOString()}`,
          actor,
        });
      });
      return { code, expiresAt };
    } catch (e) {
      // Another customer's live code with the same hash: one in 10^11, so a second draw settles it.
      if (!isUniqueViolation(e) || attempt >= 3) throw e;
    }
  }
}

const accountSchema = z.object({
  platform: platformSchema,
  externalId: z.string().trim().min(1).max(100),
});

function account(input: { platform: string; externalId: string }) {
  const r = accountSchema.safeParse(input);
  if (!r.success) throw new InvalidInput(`not a platform account: ${r.error.issues[0]?.message ?? ''}`);
  return r.data;
}

/**
 * Counts this attempt before the code is looked at, so concurrent guesses (on any instance) cannot
 * slip past the limit: each sees its own row and at least every one written before it. Attempts in
 * flight at the same moment count against each other, so a burst can be refused as a whole, but
 * never lets more than LINK_FAILURES_MAX codes be checked. Returns the row's id (deleted again when
 * the attempt turns out not to be a wrong guess).
 */
async function countAttempt(db: Prisma, platform: Platform, externalId: string, at: Date): Promise<number> {
  const since = new Date(at.getTime() - LINK_FAILURE_WINDOW_MS);
  await db.linkAttempt.deleteMany({ where: { at: { lt: since } } });
  const mine = await db.linkAttempt.create({ data: { platform, externalId, at }, select: { id: true } });
  const earlier = await db.linkAttempt.findMany({
    where: { platform, externalId, at: { gt: since }, id: { not: mine.id } },
    orderBy: [{ at: 'asc' }, { id: 'asc' }],
    select: { at: true },
  });
  if (earlier.length >= LINK_FAILURES_MAX) {
    // A refused attempt is not a guess: it does not push the wait further out.
    await db.linkAttempt.delete({ where: { id: mine.id } });
    const freesAt = earlier[earlier.length - LINK_FAILURES_MAX]!.at;
    throw new TooManyAttempts(new Date(freesAt.getTime() + LINK_FAILURE_WINDOW_MS), at);
  }
  return mine.id;
}

export interface RedeemInput {
  platform: string;
  externalId: string;
  code: string;
  actor?: string;
}

export interface Linked {
  customer: Awaited<ReturnType<typeof getCustomer>>;
  /** this account was linked to the customer before (the code is used all the same) */
  already: boolean;
  /** external ids of the customer's previous accounts on this platform, now unlinked */
  replaced: string[];
}

/**
 * Attaches the platform account to the customer whose code this is. One account per platform and
 * customer: a customer linking a second one replaces the first. An account already linked to
 * another customer is refused (unlink it first): a code never moves an account silently. The new
 * identity has no address yet, so it gets no notifications until the adapter sets one
 * (setIdentityAddress).
 */
export async function redeemLinkCode(db: Db, input: RedeemInput, at: Date): Promise<Linked> {
  const { platform, externalId } = account(input);
  const attemptId = await countAttempt(db.prisma, platform, externalId, at);
  const code = normaliseLinkCode(input.code);
  if (code === null) throw new LinkCodeInvalid();
  const notAGuess = () => db.prisma.linkAttempt.deleteMany({ where: { id: attemptId } });
  let linked: Linked;
  try {
    linked = await db.tx(async (tx) => {
      const found = await tx.linkCode.findUnique({ where: { codeHash: hashLinkCode(code) } });
      if (!found || found.expiresAt.getTime() <= at.getTime()) throw new LinkCodeInvalid();
      const key = { platform_externalId: { platform, externalId } };
      const existing = await tx.identity.findUnique({ where: key });
      if (existing && existing.customerId !== found.customerId) throw new AlreadyLinked(platform, externalId);
      // Used once: of two concurrent redemptions only the one that deletes the row goes on.
      const used = await tx.linkCode.deleteMany({ where: { id: found.id, codeHash: found.codeHash } });
      if (used.count !== 1) throw new LinkCodeInvalid();
      const customer = await getCustomer(tx, found.customerId);
      const previous = await tx.identity.findMany({
        where: { customerId: customer.id, platform, externalId: { not: externalId } },
        select: { id: true, externalId: true },
      });
      if (previous.length) await tx.identity.deleteMany({ where: { id: { in: previous.map((p) => p.id) } } });
      if (!existing) {
        await tx.identity.create({
          // unreachable until the adapter knows where to send (a Discord DM channel)
          data: { platform, externalId, customerId: customer.id, createdAt: at, unreachableAt: at },
        });
      }
      const replaced = previous.map((p) => p.externalId);
      await writeLog(tx, at, {
        job: 'customer',
        message: existing
          ? `customer ${customer.id}: ${platform}:${externalId} linked again`
          : `customer ${customer.id}: ${platform}:${externalId} linked${replaced.length ? ` (replacing ${replaced.map((r) => `${platform}:${r}`).join(', ')})` : ''}`,
        actor: input.actor ?? `${platform}:${externalId}`,
      });
      return { customer, already: Boolean(existing), replaced };
    });
  } catch (e) {
    // Knowing the right code is not guessing, whatever else stood in the way.
    if (e instanceof AlreadyLinked) await notAGuess();
    if (isUniqueViolation(e)) {
      await notAGuess();
      throw new DomainError('CONFLICT', `${platform}:${externalId} was linked at the same moment`);
    }
    throw e;
  }
  await notAGuess();
  return linked;
}

/** Where notifications for a linked identity go (a Discord DM channel); it becomes reachable again. */
export async function setIdentityAddress(
  db: Prisma | Tx,
  input: { platform: string; externalId: string },
  address: string,
) {
  const { platform, externalId } = account(input);
  const r = await db.identity.updateMany({
    where: { platform, externalId },
    data: { address, unreachableAt: null },
  });
  return r.count === 1;
}

/** The customer behind a platform account, or null when it is not linked. */
export async function customerByIdentity(db: Prisma, input: { platform: string; externalId: string }) {
  const { platform, externalId } = account(input);
  const found = await db.identity.findUnique({
    where: { platform_externalId: { platform, externalId } },
    include: { customer: true },
  });
  return found?.customer ?? null;
}

/**
 * Removes a platform account from its customer; false when it was not linked. The last identity of
 * an account is never removed: nobody could reach the account any more.
 */
export async function unlinkIdentity(
  db: Db,
  input: { platform: string; externalId: string; actor?: string },
  at: Date,
): Promise<boolean> {
  const { platform, externalId } = account(input);
  return db.tx(async (tx) => {
    const found = await tx.identity.findUnique({ where: { platform_externalId: { platform, externalId } } });
    if (!found) return false;
    const others = await tx.identity.count({
      where: { customerId: found.customerId, id: { not: found.id } },
    });
    if (others === 0) {
      throw new DomainError('FORBIDDEN', `${platform}:${externalId} is the only way into its account`, {
        platform,
      });
    }
    await tx.identity.delete({ where: { id: found.id } });
    await writeLog(tx, at, {
      job: 'customer',
      message: `customer ${found.customerId}: ${platform}:${externalId} unlinked`,
      actor: input.actor ?? `${platform}:${externalId}`,
    });
    return true;
  });
}
