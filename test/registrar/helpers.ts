import { expect } from 'vitest';
import { RegistrarError } from '../../src/errors.ts';
import type { RegistrantContact } from '../../src/registrar/port.ts';

// What the registrar tests share: a customer's registrant data and the error a call must end in.

export const contact: RegistrantContact = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  street: '12 St James Square',
  city: 'London',
  zip: 'SW1Y 4JH',
  country: 'GB',
  phone: '+44.2071234567',
  email: 'ada@example.org',
};

/** The RegistrarError the promise rejects with (the test fails when it resolves or throws another). */
export async function rejection(promise: Promise<unknown>): Promise<RegistrarError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RegistrarError);
  return error as RegistrarError;
}
