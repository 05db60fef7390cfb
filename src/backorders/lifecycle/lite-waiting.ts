import { failBackorders } from './fail.ts';
import { heldBackLite } from './lite-rule.ts';
import { inChunks, type Pass } from './pass.ts';

// Lite backorders held back for a regular rival (lite-rule.ts) end once the rival is decided, after
// the poll that decided it: lost to our own regular backorder ('outranked'), or lost with it when the
// name went elsewhere ('lost'). FAILED either way, the hold released; the customer is told why.

export async function settleWaitingLite(pass: Pass): Promise<void> {
  const decided = (await heldBackLite(pass)).filter((h) => h.turn !== 'wait');
  for (const reason of ['outranked', 'lost'] as const) {
    const rows = decided.filter((h) => h.turn === reason).map((h) => h.b);
    await inChunks(pass, rows, async (chunk) => {
      pass.result.failed += await pass.db.tx(async (tx) => {
        // still waiting: a concurrent pass may have settled them first (move is guarded by status)
        const still = await tx.backorder.findMany({
          where: { id: { in: chunk.map((b) => b.id) }, status: 'PROCESSING', applicationState: 'NONE' },
          select: { id: true },
        });
        const ids = new Set(still.map((b) => b.id));
        return failBackorders(
          pass,
          tx,
          chunk.filter((b) => ids.has(b.id)),
          reason,
        );
      });
    });
  }
}
