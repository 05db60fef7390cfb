import { expect, it } from 'vitest';
import { FAULT_STEPS, PassAborted } from '../../src/backorders/lifecycle/faults.ts';
import { expectSound, setUp, snapshot, TIMELINE } from './scenario.ts';
import { world } from './world.ts';

// A pass killed at any step and started again (as the next process would) ends in exactly the state
// of a pass never disturbed: no double hold, capture, application or notification.

async function undisturbed() {
  const w = await world();
  await setUp(w);
  const engine = w.engine();
  for (const at of TIMELINE) await w.pass(at, engine);
  return snapshot(w);
}

const expected = await undisturbed();

it('the undisturbed run does what the scenario is for', () => {
  expect(expected.backorders.map((b) => `${b.fqdn} ${b.status}`)).toEqual([
    'single.com SUCCESSFUL',
    'poor.com FAILED',
    'shared.com AUCTION-PENDING',
    'shared.com AUCTION-PENDING',
    'lost.com FAILED',
  ]);
  expect(expected.applications).toEqual([1, 1, 1, 1]);
  expect(expected.invoices).toBe(1);
  expect(expected.auctions).toEqual(['shared.com OPEN']);
});

it.each(FAULT_STEPS)(
  'killed at %s and run again: the same end state',
  async (step) => {
    const w = await world();
    await setUp(w);
    let fired = 0;
    const engine = w.engine({
      faults: (s) => {
        if (s === step && fired++ === 0) throw new Error(`killed at ${s}`);
      },
    });
    for (const at of TIMELINE) {
      try {
        await w.pass(at, engine);
      } catch (e) {
        expect(e).toBeInstanceOf(PassAborted);
        // The restarted process runs the pass again at the same instant.
        await w.pass(at, engine);
      }
    }
    expect(fired, `step ${step} was reached`).toBeGreaterThan(0);
    expect(await snapshot(w)).toEqual(expected);
    await expectSound(w);
  },
  60_000,
);
