import { z } from 'zod';

// The registrant contact sent inline with a registrar application (HEXONET's OWNERCONTACT0 fields).
// Stored as JSON text on Customer.contact; parsed again on read so a hand-edited row cannot reach
// the registrar malformed.

const text = (max: number) => z.string().trim().min(1).max(max);

export const contactSchema = z.object({
  firstName: text(100),
  lastName: text(100),
  organization: text(200).optional(),
  street: text(200),
  city: text(100),
  state: text(100).optional(),
  zip: text(20),
  country: z
    .string()
    .trim()
    .transform((v) => v.toUpperCase())
    .pipe(z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter ISO 3166 country code')),
  phone: z
    .string()
    .trim()
    .regex(/^\+\d{1,3}\.\d{4,14}$/, 'must look like +49.301234567'),
  email: z.email(),
});

export type Contact = z.infer<typeof contactSchema>;

/** The stored contact, or null when none is stored or it no longer validates. */
export function contactOf(customer: { contact: string | null }): Contact | null {
  if (!customer.contact) return null;
  try {
    const parsed = contactSchema.safeParse(JSON.parse(customer.contact));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
