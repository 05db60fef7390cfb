import { afterAll, beforeAll, expect, it } from 'vitest';
import { type PassProcess, startPassProcess } from './pass-process.ts';
import { expectSound, setUp, snapshot, TIMELINE } from './scenario.ts';
import { world } from './world.ts';

// Two processes run the pass at the same moment on one database file, with one registrar behind
// them, as two instances of the service (or the service and a `batch` command) would. The result
// equals that of a lone pass: no double hold, capture, application or notification.

let processes: PassProcess[] = [];
beforeAll(async () => {
  processes = await Promise.all([startPassProcess(), startPassProcess()]);
});
afterAll(() => {
  for (const p of processes) p.close();
});

const undisturbed = await (async () => {
  const w = await world();
  await setUp(w);
  for (const at of TIMELINE) await w.pass(at);
  return snapshot(w);
})();

it.each([1, 500])(
  'two processes passing at once, chunks of %i: the state of one pass',
  async (chunkSize) => {
    const w = await world();
    await setUp(w);
    for (const p of processes) p.registrar = w.upstream.registrar;
    for (const at of TIMELINE) {
      w.clock.set(at);
      const results = await Promise.all(processes.map((p) => p.runPass(w.db.url, at, { chunkSize })));
      expect(results.map((r) => r.errors)).toEqual([0, 0]);
    }
    expect(await snapshot(w)).toEqual(undisturbed);
    await expectSound(w);
  },
  120_000,
);
