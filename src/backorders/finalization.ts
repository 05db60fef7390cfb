import { utcText } from '../clock.ts';
import { displayName } from '../domain/domain-name.ts';
import { PROCESSING_WINDOW_MS } from '../domain/status.ts';
import { DomainError } from '../errors.ts';

// The finalization deadline: the last moment a customer can still place or cancel a backorder.
// Ours is the start of PROCESSING (drop − 2 hours), when the application goes to the registrar and
// is no longer ours to take back; a registrar that reports its own finalization date for the name
// (CentralNic Reseller does) closes it sooner when that date is earlier.

/** The deadline, or null while the drop time is unknown (and no registrar date is known). */
export function finalizationOf(dropAt: Date | null, registrarDate?: Date | null): Date | null {
  const ours = dropAt ? new Date(dropAt.getTime() - PROCESSING_WINDOW_MS) : null;
  if (!registrarDate) return ours;
  return ours && ours.getTime() < registrarDate.getTime() ? ours : registrarDate;
}

/** Throws FINALIZED, naming the deadline in UTC, when `at` is at or after it. */
export function assertBeforeFinalization(
  b: { fqdn: string; finalizesAt: Date | null; id?: number },
  at: Date,
): void {
  const deadline = b.finalizesAt;
  if (!deadline || at.getTime() < deadline.getTime()) return;
  const name = displayName(b.fqdn);
  const time = utcText(deadline);
  throw new DomainError(
    'FINALIZED',
    `too late: orders and cancellations for ${name} closed at ${time} (the finalization deadline)`,
    { fqdn: b.fqdn, name, time, finalizesAt: deadline.toISOString(), backorderId: b.id },
  );
}
