import { z } from 'zod';
import { UsageError } from '../../src/index.ts';
import { fields, nothingMore, parseArgs, shown, word, zone } from './args.ts';
import { esc, note } from './blocks.ts';
import type { Feature, StaffContext } from './command.ts';

// `score`: a name's quality score and why, and the zones' part of it. Names are scored at import,
// so a changed bonus applies from the next import: every reply that changes one says so.

const NEXT_IMPORT = 'Listed names keep their scores until the next drop-list import scores them again.';
const nameArgs = z.object({ name: word('NAME'), rest: nothingMore });
const setArgs = z.object({
  zone,
  bonus: word('BONUS').regex(/^-?\d{1,2}$/, {
    error: (i) => `BONUS ${shown(i.input)} is not a whole number from -50 to 50`,
  }),
  rest: nothingMore,
});
const removeArgs = z.object({ zone, rest: nothingMore });

async function explain(ctx: StaffContext, rest: string[]) {
  const a = parseArgs(nameArgs, fields(rest, ['name']), 'score NAME');
  const s = await ctx.core.score.explain(a.name);
  const p = s.parts;
  const penalties = [
    p.hyphens ? `${p.hyphens} hyphen(s)` : '',
    p.mixed ? 'digits among letters' : '',
    p.repeats ? 'a character three times in a row' : '',
  ]
    .filter(Boolean)
    .join(', ');
  return note(
    [
      `*${esc(s.fqdn)}*: quality score *${s.score}*/100 (${p.kind})`,
      `• length: ${p.lengthPoints} (${p.length} characters)`,
      `• words: ${p.wordPoints}${p.words.length ? ` (${p.words.map(esc).join(' + ')})` : ''}`,
      `• pattern: ${p.patternPoints}${p.pattern ? ` (${p.pattern})` : ''}`,
      `• penalties: −${p.penaltyPoints}${penalties ? ` (${penalties})` : ''}`,
      `• zone: ${p.zoneBonus}`,
    ].join('\n'),
  );
}

async function zones(ctx: StaffContext, rest: string[]) {
  const [sub, ...more] = rest;
  if (sub === undefined) {
    const list = [...(await ctx.core.score.zones())];
    return note(
      list.length
        ? `*Zone bonuses of the quality score* (a zone not listed gets 0)\n${list.map(([z, b]) => `• .${esc(z)}: ${b > 0 ? '+' : ''}${b}`).join('\n')}`
        : 'No zone has a bonus: every zone gets 0.',
    );
  }
  switch (sub.toLowerCase()) {
    case 'set': {
      const a = parseArgs(setArgs, fields(more, ['zone', 'bonus']), 'score zones set ZONE BONUS');
      const row = await ctx.core.score.setZone(a.zone, a.bonus, ctx.actor);
      return note(
        `:white_check_mark: *.${esc(row.zone)}* now adds ${row.bonus} to a name's score.\n${NEXT_IMPORT}`,
      );
    }
    case 'remove': {
      const a = parseArgs(removeArgs, fields(more, ['zone']), 'score zones remove ZONE');
      const removed = await ctx.core.score.removeZone(a.zone, ctx.actor);
      return note(
        removed
          ? `:white_check_mark: *.${esc(a.zone.replace(/^\./, '').toLowerCase())}* has no bonus any more.\n${NEXT_IMPORT}`
          : `*.${esc(a.zone)}* had no bonus: nothing changed.`,
      );
    }
    default:
      throw new UsageError(
        `${shown(sub)} is not a score zones sub-command.\nUsage: \`/backorder score zones\`, \`/backorder score zones set ZONE BONUS\` or \`/backorder score zones remove ZONE\``,
      );
  }
}

export const score: Feature = {
  commands: [
    {
      name: 'score',
      help: [
        {
          usage: 'score NAME',
          does: "a name's quality score (0-100) and its parts",
          example: 'score bestcar.com',
        },
        {
          usage: 'score zones [set ZONE BONUS | remove ZONE]',
          does: "the zones' part of the score (-50 to 50); applies from the next import",
          example: 'score zones set io 5',
        },
      ],
      async run(ctx, cmd) {
        const [first, ...rest] = cmd.args;
        if (first === undefined)
          throw new UsageError(
            'NAME is missing.\nUsage: `/backorder score NAME` or `/backorder score zones`',
          );
        return first.toLowerCase() === 'zones' ? zones(ctx, rest) : explain(ctx, cmd.args);
      },
    },
  ],
};
