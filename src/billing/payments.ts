import type { Prisma, Tx } from '../db/client.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import { enqueue } from '../notify/outbox.ts';

// Payments a provider reports (Telegram's successful_payment): the money is already taken, so the
// report is stored first, as it arrived, before anything that can fail; crediting it is a ledger
// deposit keyed by the provider's charge id, so it may be tried any number of times and credits
// once. A stored payment whose crediting was interrupted (a database error, a crash, a stop) is
// credited by the provider's re-delivery or, failing that, by the `payments` job; when the job
// cannot credit it either, staff are alerted (once per payment) to look at it.

type TxOrDb = Tx | Prisma;

export interface ReceivedPayment {
  provider: string;
  chargeId: string;
  /** null when the provider's report names no customer of ours: only staff can credit it */
  customerId: number | null;
  /** minor units */
  amount: bigint;
  currency: string;
  note?: string;
  /** the provider's report as received (JSON) */
  raw: string;
}

/** The ledger's idempotency key of a payment (the format Telegram payments have always used). */
export const paymentKey = (p: { provider: string; chargeId: string }) =>
  `${p.provider}-payment:${p.chargeId}`;

/** Stores a payment unless it is stored already (a re-delivery, another instance); returns the row. */
export async function receivePayment(db: Prisma, at: Date, p: ReceivedPayment) {
  const where = { provider_chargeId: { provider: p.provider, chargeId: p.chargeId } };
  const stored = await db.payment.findUnique({ where });
  if (stored) return stored;
  try {
    return await db.payment.create({
      data: {
        provider: p.provider,
        chargeId: p.chargeId,
        customerId: p.customerId,
        amount: p.amount,
        currency: p.currency,
        note: p.note ?? null,
        raw: p.raw,
        receivedAt: at,
      },
    });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    return db.payment.findUniqueOrThrow({ where });
  }
}

export async function markCredited(tx: TxOrDb, id: number, at: Date): Promise<void> {
  await tx.payment.updateMany({ where: { id, creditedAt: null }, data: { creditedAt: at } });
}

/** Payments received at or before `before` and not credited yet, oldest first. */
export function uncreditedPayments(db: Prisma, before: Date, limit: number) {
  return db.payment.findMany({
    where: { creditedAt: null, receivedAt: { lte: before } },
    orderBy: { id: 'asc' },
    take: limit,
  });
}

type StoredPayment = Awaited<ReturnType<typeof receivePayment>>;

/** The gist of an error for people: Prisma's messages start with the code that made the call. */
const gist = (error: unknown) =>
  String((error as Error)?.message ?? error)
    .trim()
    .split('\n')
    .at(-1)!
    .slice(0, 500);

/** One alert per payment, whatever the number of failed attempts. */
export async function alertUncredited(db: Prisma, at: Date, p: StoredPayment, error: unknown): Promise<void> {
  await enqueue(db, at, {
    kind: 'staff.payment-not-credited',
    audience: 'STAFF',
    payload: {
      provider: p.provider,
      chargeId: p.chargeId,
      customerId: p.customerId,
      amount: p.amount.toString(),
      currency: p.currency,
      receivedAt: p.receivedAt.toISOString(),
      idempotencyKey: paymentKey(p),
      error: gist(error),
    },
    dedupeKey: `payment-not-credited:${p.id}`,
  });
}
