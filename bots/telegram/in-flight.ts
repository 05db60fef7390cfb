// Updates being handled when the service stops are waited for, so that a payment or a reply is not
// cut off halfway, but only for DRAIN_MS: the whole stop has 10 s (app/main.ts), and an update
// still running after that is not lost either (Telegram has no answer for it and sends it again;
// a payment in it is stored and the `payments` job credits it).

export const DRAIN_MS = 6_000;

/** `work`'s value, or undefined when it has not settled within `ms` (it goes on regardless). */
export async function within<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** The promises of the updates being handled, and a stop's bounded wait for them. */
export function inFlight() {
  const running = new Set<Promise<unknown>>();
  return {
    track<T>(work: Promise<T>): Promise<T> {
      running.add(work);
      const done = () => void running.delete(work);
      work.then(done, done);
      return work;
    },
    /** waits for everything tracked, also what starts meanwhile, for up to `ms` */
    async drain(ms = DRAIN_MS): Promise<void> {
      await within(
        (async () => {
          while (running.size) await Promise.allSettled([...running]);
        })(),
        ms,
      );
    },
  };
}
