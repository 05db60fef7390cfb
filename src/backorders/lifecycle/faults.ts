// Named points of a pass where a test can make it die, to prove that a pass killed anywhere and run
// again changes nothing twice. Steps ending in -ed sit between two transactions (after a commit or a
// registrar call); the others sit inside a transaction just before its commit, or just before a
// change made in one statement (the claim of a group of sends).

export const FAULT_STEPS = [
  'activate',
  'activated',
  'low-balance',
  'process',
  'processed',
  'claim',
  'claimed',
  'sent',
  'stored',
  'polled',
  'settle',
  'settled',
  'sweep',
] as const;

export type FaultStep = (typeof FAULT_STEPS)[number];

/** Throws to kill the pass at that step; only tests pass one. */
export type Faults = (step: FaultStep) => void | Promise<void>;

/**
 * A fault stands for the process dying, so it must end the whole pass: the engine's per-backorder
 * error handling lets this one through.
 */
export class PassAborted extends Error {
  constructor(
    readonly step: FaultStep,
    cause: unknown,
  ) {
    super(`pass aborted at ${step}: ${(cause as Error)?.message ?? cause}`);
    this.name = 'PassAborted';
  }
}
