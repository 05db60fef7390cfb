import type { Command } from './command.ts';
import { table } from './output.ts';

// The quality score: a name's score and why, and the zones' bonuses (src/score).

export const scoreCommands: Command[] = [
  {
    path: ['backorder', 'score'],
    summary: "a name's quality score (0-100) and its parts",
    usage: 'FQDN',
    help: [
      'Scored from the name alone, as the import scores every listed name: length, dictionary words',
      '(English, German), patterns buyers value (3-4 letters, 1-5 digits, pronounceable), penalties for',
      'hyphens, digits among letters and repeated characters, and the zone bonus (backorder score zones).',
    ].join('\n'),
    positionals: { min: 1, max: 1, names: 'FQDN' },
    async run(ctx, { positionals }) {
      const core = await ctx.core();
      const s = await core.score.explain(positionals[0]!);
      ctx.emit(s);
      const p = s.parts;
      ctx.say(`${s.fqdn}: ${s.score}/100 (${p.kind})`);
      ctx.say(
        table(
          [
            { part: 'length', points: p.lengthPoints, why: `${p.length} characters` },
            { part: 'words', points: p.wordPoints, why: p.words.join(' + ') || 'none' },
            { part: 'pattern', points: p.patternPoints, why: p.pattern ?? 'none' },
            {
              part: 'penalties',
              points: -p.penaltyPoints,
              why:
                [
                  p.hyphens ? `${p.hyphens} hyphen(s)` : '',
                  p.mixed ? 'digits among letters' : '',
                  p.repeats ? 'repeats' : '',
                ]
                  .filter(Boolean)
                  .join(', ') || 'none',
            },
            { part: 'zone', points: p.zoneBonus, why: s.fqdn.slice(s.fqdn.indexOf('.')) },
          ],
          ['part', 'points', 'why'],
        ),
      );
      return 0;
    },
  },
  {
    path: ['score', 'zones'],
    summary: "the zones' score bonuses (a zone without one gets 0)",
    async run(ctx) {
      const core = await ctx.core();
      const items = [...(await core.score.zones())].map(([zone, bonus]) => ({ zone, bonus }));
      ctx.emit({ total: items.length, items });
      ctx.say(table(items, ['zone', 'bonus']));
      return 0;
    },
  },
  {
    path: ['score', 'zones', 'set'],
    summary: "set a zone's score bonus (-50 to 50); applies from the next drop-list import",
    usage: 'ZONE BONUS',
    positionals: { min: 2, max: 2, names: 'ZONE BONUS' },
    async run(ctx, { positionals }) {
      const [zone, bonus] = positionals as [string, string];
      const core = await ctx.core();
      const row = await core.score.setZone(zone, bonus, 'cli');
      ctx.emit({ zone: row.zone, bonus: row.bonus });
      ctx.say(`.${row.zone}: bonus ${row.bonus} (names are scored with it from the next import)`);
      return 0;
    },
  },
  {
    path: ['score', 'zones', 'remove'],
    summary: "remove a zone's score bonus (it then gets 0)",
    usage: 'ZONE',
    positionals: { min: 1, max: 1, names: 'ZONE' },
    async run(ctx, { positionals }) {
      const core = await ctx.core();
      const removed = await core.score.removeZone(positionals[0]!, 'cli');
      ctx.emit({ zone: positionals[0], removed });
      ctx.say(removed ? `.${positionals[0]}: bonus removed` : `.${positionals[0]} had no bonus`);
      return 0;
    },
  },
];
