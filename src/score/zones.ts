import { z } from 'zod';
import type { Prisma, Tx } from '../db/client.ts';
import { normaliseZone } from '../domain/domain-name.ts';
import { InvalidInput } from '../errors.ts';

// Each zone's part of the quality score, a small table staff change (`backorder score zones`,
// Slack `score zones`); a zone without a row gets 0. Scores are computed at import, so a change
// applies to the names of the next import.

type TxOrDb = Tx | Prisma;

export const BONUS_RANGE = { min: -50, max: 50 } as const;

const zoneBonus = z.object({
  zone: z
    .string()
    .trim()
    .min(1)
    .max(63)
    .transform((v, ctx) => {
      try {
        return normaliseZone(v);
      } catch {
        ctx.addIssue({ code: 'custom', message: `"${v.slice(0, 63)}" is not a valid zone` });
        return z.NEVER;
      }
    }),
  bonus: z.coerce
    .number()
    .int()
    .min(BONUS_RANGE.min, `must be a whole number from ${BONUS_RANGE.min} to ${BONUS_RANGE.max}`)
    .max(BONUS_RANGE.max, `must be a whole number from ${BONUS_RANGE.min} to ${BONUS_RANGE.max}`),
});

export async function zoneBonuses(db: TxOrDb): Promise<Map<string, number>> {
  const rows = await db.scoreZone.findMany({ orderBy: [{ bonus: 'desc' }, { zone: 'asc' }] });
  return new Map(rows.map((r) => [r.zone, r.bonus]));
}

export async function setZoneBonus(db: TxOrDb, input: { zone: string; bonus: number | string }) {
  const r = zoneBonus.safeParse(input);
  if (!r.success)
    throw new InvalidInput(r.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; '));
  const p = r.data;
  return db.scoreZone.upsert({ where: { zone: p.zone }, create: p, update: { bonus: p.bonus } });
}

/** True when the zone had a bonus. */
export async function removeZoneBonus(db: TxOrDb, zone: string): Promise<boolean> {
  const { count } = await db.scoreZone.deleteMany({ where: { zone: normaliseZone(zone) } });
  return count > 0;
}
