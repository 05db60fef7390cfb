import { writeLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/client.ts';
import { parseDomainName } from '../domain/domain-name.ts';
import { type Score, scoreLabel } from './score.ts';
import { removeZoneBonus, setZoneBonus, zoneBonuses } from './zones.ts';

// The quality score as the edges use it (CLI, Slack): a name's score with its parts, and the zone
// bonuses, each change in one transaction with its audit row.

export function scoreService(db: Db, clock: Clock) {
  return {
    /** The score of any name (listed or not), with the zone's bonus of now and every part. */
    async explain(name: string): Promise<Score & { fqdn: string }> {
      const { fqdn, label, zone } = parseDomainName(name);
      const bonus = (await zoneBonuses(db.prisma)).get(zone) ?? 0;
      return { fqdn, ...scoreLabel(label, bonus, true) };
    },
    zones: () => zoneBonuses(db.prisma),
    setZone: (zone: string, bonus: number | string, actor = 'system') =>
      db.tx(async (tx) => {
        const row = await setZoneBonus(tx, { zone, bonus });
        await writeLog(tx, clock.now(), {
          job: 'score',
          message: `score bonus of .${row.zone} set to ${row.bonus} (from the next import)`,
          actor,
        });
        return row;
      }),
    removeZone: (zone: string, actor = 'system') =>
      db.tx(async (tx) => {
        const removed = await removeZoneBonus(tx, zone);
        if (removed)
          await writeLog(tx, clock.now(), {
            job: 'score',
            message: `score bonus of .${zone} removed`,
            actor,
          });
        return removed;
      }),
  };
}
