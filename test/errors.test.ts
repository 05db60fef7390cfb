import { describe, expect, it } from 'vitest';
import {
  DatabaseBusy,
  DatabaseUnavailable,
  DomainError,
  ERROR_KINDS,
  isRefusal,
  NotFound,
  RegistrarError,
} from '../src/errors.ts';

// One table decides, per code, whether an error refuses what was asked (polite words, exit 2) or is a
// failure (ours or upstream: logged, exit 1); the CLI and the three bots all ask it.

describe('error kinds', () => {
  it("refuses what the asker's own input or things rule out", () => {
    expect(isRefusal(new NotFound('customer', 7))).toBe(true);
    expect(isRefusal(new DomainError('BID_TOO_LOW', 'too low'))).toBe(true);
    expect(isRefusal(new DomainError('ALREADY_OPEN', 'open'))).toBe(true);
  });

  it('counts registrar, database, download and race errors as failures, never as refusals', () => {
    expect(isRefusal(new RegistrarError(false, 549, 'command failed'))).toBe(false);
    expect(isRefusal(new RegistrarError(true, 421, 'temporary'))).toBe(false);
    expect(isRefusal(new DatabaseBusy())).toBe(false);
    expect(isRefusal(new DatabaseUnavailable())).toBe(false);
    expect(isRefusal(new DomainError('IMPORT_FAILED', 'broken zip'))).toBe(false);
    expect(isRefusal(new Error('a bug'))).toBe(false);
    expect(
      Object.entries(ERROR_KINDS)
        .filter(([, kind]) => kind === 'failure')
        .map(([code]) => code),
    ).toEqual([
      'CONFLICT',
      'IMPORT_FAILED',
      'REGISTRAR_TEMPORARY',
      'REGISTRAR_PERMANENT',
      'DATABASE_BUSY',
      'DATABASE_UNAVAILABLE',
    ]);
  });
});
