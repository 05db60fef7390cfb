import { RegistrarError } from '../errors.ts';

// HEXONET's reply codes, shared by both registrars so the lifecycle reacts to one vocabulary.
// 2xx done; 4xx temporary (the same request may succeed later); 5xx permanent for that request.
export const REGISTRAR_CODE = {
  OK: 200,
  SERVER_ERROR: 420,
  NETWORK_ERROR: 421,
  INVALID_RESPONSE: 423,
  AUTHENTICATION_FAILED: 530,
  INVALID_VALUE: 541,
  NOT_FOUND: 545,
  CREDIT_LIMIT_EXCEEDED: 546,
  COMMAND_FAILED: 549,
  STATUS_PROHIBITS: 552,
} as const;

export const isSuccessCode = (code: number): boolean => code >= 200 && code < 300;
export const isTemporaryCode = (code: number): boolean => code >= 400 && code < 500;

export function registrarError(code: number, message: string): RegistrarError {
  return new RegistrarError(isTemporaryCode(code), code, message);
}

/**
 * Problems of the reseller's account rather than of one backorder: retrying or failing the
 * backorder does not help, staff must act (wrong credentials, credit limit at HEXONET).
 */
export function isAccountProblem(error: unknown): error is RegistrarError {
  return (
    error instanceof RegistrarError &&
    (error.registrarCode === REGISTRAR_CODE.AUTHENTICATION_FAILED ||
      error.registrarCode === REGISTRAR_CODE.CREDIT_LIMIT_EXCEEDED)
  );
}
