import type { Pass } from './pass.ts';

// Backorder Lite, as CentralNic Reseller sells it: a lower price for a lower priority. Regular
// backorders of a name come first, Lite ones are not invited to auctions, and among several Lite
// ones the earliest wins. Here: which due backorders may be sent now, and who takes a caught name.
//
// Sending. A registrar with a Lite class (cnr, `liteClass`) gets every application, Lite ones as
// Lite (NewApplication.lite), and applies the priority itself. One without it (sandbox, ispapi) would
// take a Lite application as a regular one, so a Lite backorder is sent (as regular) only while no
// regular backorder of ours goes to the registrar for the same drop of the name. Otherwise it waits
// for that rival's result (its turn, below, settled by lite-waiting.ts): the rival caught the name →
// the Lite one lost to it; the rival reached the registrar and was not caught → the name went
// elsewhere, as it would have for the Lite one; the rival never reached the registrar (refused,
// given up, cancelled) → the Lite one is sent after all.

/** A regular backorder of ours on the same name and drop, as far as the rule looks at it. */
export interface Rival {
  status: string;
  registrarRef: string | null;
}

export type LiteTurn = 'send' | 'wait' | 'outranked' | 'lost';

/** Regular backorders that are not going to the registrar: not processing yet (no funds), or cancelled. */
const NOT_GOING = ['REQUESTED', 'ACTIVE', 'CANCELLED'];
const CAUGHT = ['PENDING-PAYMENT', 'SUCCESSFUL', 'AUCTION-PENDING', 'AUCTION-WON', 'AUCTION-LOST'];

export function liteTurn(rivals: readonly Rival[]): LiteTurn {
  const going = rivals.filter((r) => !NOT_GOING.includes(r.status));
  if (going.some((r) => CAUGHT.includes(r.status))) return 'outranked';
  if (going.some((r) => r.status === 'PROCESSING')) return 'wait';
  return going.some((r) => r.registrarRef !== null) ? 'lost' : 'send';
}

/**
 * Lite backorders that are due to be sent but must not be, with their turn: none when the registrar
 * has a Lite class. Only unsent ones (NONE): a send already claimed is recovered whatever came since.
 */
export async function heldBackLite(pass: Pass) {
  if (pass.registrar.liteClass) return [];
  const { prisma } = pass.db;
  const lite = await prisma.backorder.findMany({
    where: { status: 'PROCESSING', lite: true, applicationState: 'NONE' },
    select: { id: true, customerId: true, fqdn: true, currency: true, status: true, dropAt: true },
    orderBy: { id: 'asc' },
  });
  if (lite.length === 0) return [];
  const rivals = await prisma.backorder.findMany({
    where: {
      fqdn: { in: [...new Set(lite.map((b) => b.fqdn))] },
      lite: false,
      status: { notIn: NOT_GOING },
    },
    select: { fqdn: true, dropAt: true, status: true, registrarRef: true },
  });
  const sameDrop = (a: Date | null, b: Date | null) => a?.getTime() === b?.getTime();
  return lite.flatMap((b) => {
    const turn = liteTurn(rivals.filter((r) => r.fqdn === b.fqdn && sameDrop(r.dropAt, b.dropAt)));
    return turn === 'send' ? [] : [{ b, turn }];
  });
}

/** The ids of the due backorders the send step leaves alone this round. */
export async function notToSend(pass: Pass): Promise<Set<number>> {
  return new Set((await heldBackLite(pass)).map(({ b }) => b.id));
}

/**
 * Who takes a name caught for several of our backorders: the regular ones (one is charged, several
 * go to our private auction), the Lite ones lose to them; with Lite ones only, the earliest placed
 * wins at its price and no auction is held.
 */
export function precedence<T extends { id: number; lite: boolean; createdAt: Date }>(
  group: readonly T[],
): { takers: T[]; outranked: T[] } {
  const regular = group.filter((b) => !b.lite);
  if (regular.length > 0) return { takers: regular, outranked: group.filter((b) => b.lite) };
  const [first, ...later] = [...group].sort(
    (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id,
  );
  return { takers: first ? [first] : [], outranked: later };
}
