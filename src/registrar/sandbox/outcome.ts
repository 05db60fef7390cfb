import { createHash } from 'node:crypto';
import { MINUTE } from '../../clock.ts';

// The sandbox's outcome is a pure function of (seed, name, drop time, now), so every process (the
// service, a CLI `batch`) gives the same answer without sharing memory.

/** How long after the drop the sandbox keeps an application PROCESSING, like a real drop-catch. */
export const SANDBOX_SETTLE_MS = 5 * MINUTE;

/** A uniform number in [0, 1) from the seed and the name: stable across processes and runs. */
export function catchScore(seed: number, fqdn: string): number {
  const digest = createHash('sha256').update(`${seed}\n${fqdn.toLowerCase()}`).digest();
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

export function isCaught(seed: number, catchRate: number, fqdn: string): boolean {
  return catchScore(seed, fqdn) < catchRate;
}

export type SandboxStatus = 'PROCESSING' | 'SUCCESSFUL' | 'FAILED';

export function sandboxStatus(o: {
  seed: number;
  catchRate: number;
  fqdn: string;
  /** unknown drop: nothing happens until one is known */
  dropAt: Date | null;
  now: Date;
}): SandboxStatus {
  if (!o.dropAt || o.now.getTime() < o.dropAt.getTime() + SANDBOX_SETTLE_MS) return 'PROCESSING';
  return isCaught(o.seed, o.catchRate, o.fqdn) ? 'SUCCESSFUL' : 'FAILED';
}
