import { z } from 'zod';

// What a saved search (a customer's watch, a channel's alert rule) keeps of a search query.

/** The parts of a search query a saved search keeps (no paging, sorting or dates). */
export const savedQuerySchema = z
  .object({
    keyword: z.string().max(200).optional(),
    zones: z.array(z.string().max(253)).max(100).optional(),
    minLength: z.number().int().optional(),
    maxLength: z.number().int().optional(),
    noDigits: z.boolean().optional(),
    noHyphens: z.boolean().optional(),
    digitsOnly: z.boolean().optional(),
    excludeIdn: z.boolean().optional(),
    minScore: z.number().int().min(0).max(100).optional(),
  })
  .strict();
export type SavedQuery = z.infer<typeof savedQuerySchema>;
