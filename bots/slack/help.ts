import { z } from 'zod';
import { fields, nothingMore, parseArgs } from './args.ts';
import { context, esc, escCode, header, message, sections } from './blocks.ts';
import type { Feature, SubCommand } from './command.ts';

// `help [SUB-COMMAND]`: every sub-command with what it does and an example, from the features'
// own help lines, so the list cannot drift from what the router runs.

const args = z.object({ topic: z.string().toLowerCase().optional(), rest: nothingMore });

export function helpFeature(others: SubCommand[]): Feature {
  const self: SubCommand = {
    name: 'help',
    help: [{ usage: 'help [SUB-COMMAND]', does: 'this list, or one sub-command', example: 'help credit' }],
    async run(_ctx, cmd) {
      const a = parseArgs(args, fields(cmd.args, ['topic']), 'help [SUB-COMMAND]');
      const all = [...others, self];
      const chosen = all.filter((c) => c.name === a.topic);
      const shown = chosen.length ? chosen : all;
      const lines = shown.flatMap((c) =>
        c.help.map(
          (h) =>
            `\`/backorder ${escCode(h.usage)}\` — ${esc(h.does)}${h.example ? `\n      e.g. \`/backorder ${escCode(h.example)}\`` : ''}`,
        ),
      );
      const unknown =
        a.topic && !chosen.length
          ? `There is no sub-command "${esc(a.topic)}"; here is the whole list. `
          : '';
      return message('Backorder staff commands', [
        header('Backorder staff commands'),
        ...sections(lines),
        context(`${unknown}Replies are visible only to you. Lists accept \`page N\`; times are UTC.`),
      ]);
    },
  };
  return { commands: [self] };
}
