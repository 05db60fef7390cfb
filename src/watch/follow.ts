import type { DropList } from '../droplist/service.ts';

// How the service hears of drop-list imports to start the after-import job: imports happen in
// whichever process ran them, the service's own job (the onImported hook says so at once) or
// `backorder droplist import` beside it (only a new lastImport() shows it), so a poll looks too.
// One run at a time; a trigger during a run starts another after it, so no import is missed. The
// work itself decides what is new (and makes sure several instances do it once).

export interface ImportFollower {
  /** start a run now (or right after the current one) */
  kick(): void;
  /** no new runs; resolves when the current one has finished */
  stop(): Promise<void>;
}

export function followImports(
  opts: {
    droplist: Pick<DropList, 'onImported'>;
    pollMs: number;
    onError: (error: unknown) => void;
  },
  work: () => Promise<void>,
): ImportFollower {
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  const kick = (): void => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = work()
      .catch(opts.onError)
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          kick();
        }
      });
  };
  // The hook must not hold up the import that called it: it only starts a run.
  const unsubscribe = opts.droplist.onImported(() => kick());
  const poll = setInterval(kick, opts.pollMs);
  poll.unref();
  kick();
  return {
    kick,
    async stop() {
      stopped = true;
      unsubscribe();
      clearInterval(poll);
      again = false;
      while (running) await running;
    },
  };
}
