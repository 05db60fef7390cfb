import { enqueueWatchMatches, followImports, type ImportFollower } from '../../src/index.ts';
import type { BotDeps } from './context.ts';

// After every drop-list import, the customers' saved searches (/watch) hear of the new names that
// match them: one `watch.matches` event per rule in the outbox, which the dispatcher delivers to
// their chat. Imports made by another process count too (the follower polls), and with several
// instances each rule still hears of each import once (see src/watch/matches.ts).

export function followWatches({ core, log }: BotDeps, pollMs: number): ImportFollower {
  let done: number | undefined;
  return followImports(
    {
      droplist: core.droplist,
      pollMs,
      onError: (error) => log.error('telegram: watch alerts failed', { error }),
    },
    async () => {
      const last = await core.droplist.lastImport();
      // Once this instance has handled an import, a poll costs this one query until the next.
      if (!last || last.id === done) return;
      const written = await enqueueWatchMatches(core, last);
      if (written > 0) log.info('telegram: watch alerts queued', { importId: last.id, alerts: written });
      done = last.id;
    },
  );
}
