import { isDatabaseUnavailable } from './db/unavailable.ts';

// A small typed family of errors with stable codes. The core throws them; every edge (CLI, bots)
// turns the code and details into words in the user's language (locales: error-<code>).

export type ErrorCode =
  | 'INVALID_INPUT'
  | 'INVALID_DOMAIN'
  | 'NOT_FOUND'
  | 'ZONE_NOT_OFFERED'
  | 'ALREADY_OPEN'
  | 'DROP_PASSED'
  /** a place or cancel after the finalization deadline (src/backorders/finalization.ts) */
  | 'FINALIZED'
  | 'NOT_CANCELLABLE'
  | 'INSUFFICIENT_FUNDS'
  | 'CURRENCY_MISMATCH'
  | 'FORBIDDEN'
  | 'CONFLICT'
  | 'AUCTION_CLOSED'
  | 'BID_TOO_LOW'
  | 'LINK_CODE_INVALID'
  | 'ALREADY_LINKED'
  | 'TOO_MANY_ATTEMPTS'
  | 'IMPORT_FAILED'
  | 'REGISTRAR_TEMPORARY'
  | 'REGISTRAR_PERMANENT'
  | 'DATABASE_BUSY'
  /** the database server cannot be reached (restarting, stopped): try again in a moment */
  | 'DATABASE_UNAVAILABLE';

/**
 * What each code means for whoever asked, decided here once for every edge (CLI, bots):
 * - `refusal`: the request itself, or the state of the asker's things, rules it out. Polite words,
 *   nothing to log, CLI exit 2 (bad usage or bad input).
 * - `failure`: ours or upstream (registrar, download, database, a race lost): logged, CLI exit 1;
 *   the user still gets the code's words, never internals.
 */
export const ERROR_KINDS: Record<ErrorCode, 'refusal' | 'failure'> = {
  INVALID_INPUT: 'refusal',
  INVALID_DOMAIN: 'refusal',
  NOT_FOUND: 'refusal',
  ZONE_NOT_OFFERED: 'refusal',
  ALREADY_OPEN: 'refusal',
  DROP_PASSED: 'refusal',
  FINALIZED: 'refusal',
  NOT_CANCELLABLE: 'refusal',
  INSUFFICIENT_FUNDS: 'refusal',
  CURRENCY_MISMATCH: 'refusal',
  FORBIDDEN: 'refusal',
  AUCTION_CLOSED: 'refusal',
  BID_TOO_LOW: 'refusal',
  LINK_CODE_INVALID: 'refusal',
  ALREADY_LINKED: 'refusal',
  TOO_MANY_ATTEMPTS: 'refusal',
  CONFLICT: 'failure',
  IMPORT_FAILED: 'failure',
  REGISTRAR_TEMPORARY: 'failure',
  REGISTRAR_PERMANENT: 'failure',
  DATABASE_BUSY: 'failure',
  DATABASE_UNAVAILABLE: 'failure',
};

/**
 * What someone typed at an edge (a CLI argument, the words of a Slack command) cannot be understood:
 * not a rule of the core, so it has no ErrorCode. The edge shows the message with its usage line
 * (the CLI exits 2); the message is in the edge's markup (Slack: mrkdwn, what was typed escaped).
 */
export class UsageError extends Error {
  readonly code = 'USAGE';
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type ErrorDetails = Record<string, string | number | boolean | null | undefined>;

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class InvalidInput extends DomainError {
  constructor(message: string, details: ErrorDetails = {}) {
    super('INVALID_INPUT', message, details);
    this.name = 'InvalidInput';
  }
}

export class NotFound extends DomainError {
  constructor(what: string, id: string | number) {
    super('NOT_FOUND', `${what} ${id} not found`, { what, id: String(id) });
    this.name = 'NotFound';
  }
}

export class InsufficientFunds extends DomainError {
  constructor(needed: string, available: string, currency: string) {
    super('INSUFFICIENT_FUNDS', `insufficient funds: ${needed} ${currency} needed, ${available} available`, {
      needed,
      available,
      currency,
    });
    this.name = 'InsufficientFunds';
  }
}

export class RegistrarError extends DomainError {
  constructor(
    readonly temporary: boolean,
    readonly registrarCode: number,
    message: string,
  ) {
    super(temporary ? 'REGISTRAR_TEMPORARY' : 'REGISTRAR_PERMANENT', message, { registrarCode });
    this.name = 'RegistrarError';
  }
}

/** Another process held the SQLite write lock for longer than a request may wait: try again. */
export class DatabaseBusy extends DomainError {
  constructor() {
    super(
      'DATABASE_BUSY',
      'the database is busy with a long write of another process: please try again in a moment',
    );
    this.name = 'DatabaseBusy';
  }
}

/** The database server cannot be reached for now (src/db/unavailable.ts tells such errors apart). */
export class DatabaseUnavailable extends DomainError {
  constructor() {
    super('DATABASE_UNAVAILABLE', 'the database cannot be reached for a moment: please try again shortly');
    this.name = 'DatabaseUnavailable';
  }
}

/** Another drop-list import (any process) is running: nothing is wrong, this one is not needed. */
export class ImportBusy extends DomainError {
  constructor(since?: Date) {
    const at = since ? ` (started ${since.toISOString().slice(0, 19).replace('T', ' ')} UTC)` : '';
    super(
      'CONFLICT',
      `a drop-list import is already running${at}: its summary will be in the logs when it is done`,
    );
    this.name = 'ImportBusy';
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;

/** A DomainError that refuses what was asked (see ERROR_KINDS), as opposed to a failure. */
export const isRefusal = (e: unknown): e is DomainError =>
  isDomainError(e) && ERROR_KINDS[e.code] === 'refusal';

/** What an edge words for `e`: an error of the infrastructure that has a code of its own becomes it. */
export function forUser(e: unknown): unknown {
  return isDatabaseUnavailable(e) ? new DatabaseUnavailable() : e;
}
