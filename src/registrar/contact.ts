import { z } from 'zod';

// The registrant data a customer gives once (Telegram /profile) and the registrar receives as the
// owner of a caught name. Field limits follow HEXONET's inline contact fields.

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), text(max).optional());

// Intl knows every assigned ISO 3166 region; for an unassigned code it echoes the code back. Made on
// first use: loading its region names took about 20 ms, and every command loads this module.
let regions: Intl.DisplayNames | undefined;
const isAssignedRegion = (code: string): boolean => {
  try {
    regions ??= new Intl.DisplayNames(['en'], { type: 'region' });
    return regions.of(code) !== code;
  } catch {
    return false;
  }
};

export const RegistrantContact = z.object({
  firstName: text(64),
  lastName: text(64),
  organization: optionalText(128),
  street: text(255),
  city: text(64),
  state: optionalText(64),
  zip: text(16),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, 'must be a two-letter ISO 3166 country code, e.g. DE')
    .refine(isAssignedRegion, 'is not an ISO 3166 country code'),
  // People type phone numbers with spaces, dashes and brackets; the registrar wants +CC.NUMBER.
  phone: z
    .string()
    .transform((v) => v.replace(/[\s()/-]/g, ''))
    .pipe(z.string().regex(/^\+\d{1,3}\.\d{4,14}$/, 'must look like +CC.NUMBER, e.g. +49.3012345678')),
  email: z.string().trim().pipe(z.email()),
});

export type RegistrantContact = z.infer<typeof RegistrantContact>;
