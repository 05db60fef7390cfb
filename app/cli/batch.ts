import { fixedClock } from '../../src/clock.ts';
import { UsageError } from '../../src/errors.ts';
import type { Command } from './command.ts';

// `batch [--now ISO]`: one pass of the lifecycle engine. Single backorders that fail (a registrar
// error) are logged and retried by the next pass, so the pass itself still succeeded: exit 0.

export const batchCommands: Command[] = [
  {
    path: ['batch'],
    summary: 'run one pass of the lifecycle engine (activation, processing, sends, results, sweep)',
    usage: '[--now ISO-8601]',
    help: 'Example: backorder batch --now 2026-12-01T10:05:00Z (an instant with Z or an offset)',
    options: { now: { type: 'string' } },
    async run(ctx, { values }) {
      let at: Date | undefined;
      if (values.now !== undefined) {
        const text = String(values.now).trim();
        // zod loads with the config, by now; a static import would load it for --help too.
        const { z } = await import('zod');
        if (!z.iso.datetime({ offset: true }).safeParse(text).success) {
          throw new UsageError(
            `--now must be an ISO-8601 instant with Z or an offset, e.g. 2026-12-01T10:05:00Z (got "${text}")`,
          );
        }
        at = new Date(text);
      }
      // The whole pass sees the instant, the sandbox registrar too: it decides a catch by the time.
      const core = await ctx.core(at && fixedClock(at));
      const now = at ?? ctx.clock.now();
      const result = await core.lifecycle.runPass(now);
      ctx.emit({ at: now.toISOString(), ...result });
      ctx.say(
        `pass at ${now.toISOString()}: ${Object.entries(result)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}`,
      );
      if (result.errors > 0)
        ctx.say(
          `${result.errors} backorder(s) hit errors: see "backorder logs"; they are retried by the next pass`,
        );
      return 0;
    },
  },
];
