/** Prisma's code for an insert refused by a unique index: someone else got there first. */
export const isUniqueViolation = (e: unknown): boolean => (e as { code?: string } | null)?.code === 'P2002';
