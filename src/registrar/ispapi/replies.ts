import { z } from 'zod';
import { APPLICATION_STATUSES } from '../port.ts';
import { auctionFields, optionalDate } from '../wire/decode.ts';

// What each HEXONET command must bring back. HEXONET's application statuses are the port's own.

const status = z.string().trim().toUpperCase().pipe(z.enum(APPLICATION_STATUSES));

export const addApplicationReply = z.object({ APPLICATION: z.string().trim().min(1) });

export const statusApplicationReply = z.object({ STATUS: status, ...auctionFields });

export const statusDomainReply = z.object({ CREATEDDATE: optionalDate, EXPIRATIONDATE: optionalDate });

export const applicationListReply = z.object({
  APPLICATION: z.array(z.string().trim()).default([]),
  STATUS: z.array(status).default([]),
  DOMAIN: z.array(z.string().trim().toLowerCase()).optional(),
});
