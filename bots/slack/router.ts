import { BOT_REPLY_SECONDS } from '../../src/index.ts';
import { esc, note, type Reply } from './blocks.ts';
import type { ButtonHandler, Feature, StaffContext, SubCommand } from './command.ts';
import { PAGE_ACTION, RUN_ACTION } from './paging.ts';
import { distance, type ParsedCommand, parseCommand } from './parse.ts';
import { errorWords } from './words.ts';

// From a parsed command line or a clicked button to the feature that answers it. Every failure ends
// here as a reply in words, so the staff member always hears back.

export interface Router {
  find(name: string): SubCommand | undefined;
  run(ctx: StaffContext, cmd: ParsedCommand): Promise<Reply>;
  /** the reply, and whether it replaces the message whose button was clicked */
  click(ctx: StaffContext, actionId: string, value: string): Promise<{ reply: Reply; replace: boolean }>;
}

export function createRouter(features: Feature[]): Router {
  const commands = new Map<string, SubCommand>();
  const buttons: ButtonHandler[] = [];
  for (const f of features) {
    for (const c of f.commands) commands.set(c.name, c);
    buttons.push(...(f.buttons ?? []));
  }

  const unknown = (name: string): Reply => {
    const near = [...commands.keys()]
      .filter((k) => distance(k, name) <= 2)
      .sort((a, b) => distance(a, name) - distance(b, name));
    const hint = near.length ? ` Did you mean \`${near[0]}\`?` : '';
    return note(
      `Sorry, I don't know the sub-command "${esc(name)}".${hint} Type \`/backorder help\` for the list.`,
    );
  };

  const guarded = (ctx: StaffContext, what: string, work: () => Promise<Reply>): Promise<Reply> =>
    ctx.core.metrics.time(BOT_REPLY_SECONDS, { platform: 'slack' }, async () => {
      try {
        return await work();
      } catch (e) {
        const words = errorWords(e);
        if (words.unexpected)
          ctx.log.error('slack command failed', { command: what, user: ctx.userId, error: e });
        return note(words.text);
      }
    });

  const run = (ctx: StaffContext, cmd: ParsedCommand) => {
    const sub = commands.get(cmd.name || 'help');
    if (!sub) return Promise.resolve(unknown(cmd.name));
    return guarded(ctx, sub.name, () => sub.run(ctx, cmd));
  };

  return {
    find: (name) => commands.get(name || 'help'),
    run,
    async click(ctx, actionId, value) {
      // a page replaces the page it was turned from; "details" of a row come as a message of their own
      if (actionId.startsWith(PAGE_ACTION))
        return { reply: await run(ctx, parseCommand(value)), replace: true };
      if (actionId.startsWith(RUN_ACTION))
        return { reply: await run(ctx, parseCommand(value)), replace: false };
      const handler = buttons.find((b) => actionId.startsWith(b.prefix));
      if (!handler)
        return {
          reply: note('Sorry, that button is no longer supported. Please run the command again.'),
          replace: false,
        };
      // a confirmation's answer replaces the question, so it cannot be clicked again by mistake
      return { reply: await guarded(ctx, actionId, () => handler.run(ctx, actionId, value)), replace: true };
    },
  };
}
