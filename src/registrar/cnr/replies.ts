import { z } from 'zod';
import type { ApplicationStatus } from '../port.ts';
import { apiDate, auctionFields, displayOnly, optionalDate } from '../wire/decode.ts';

// What each CNR command must bring back, by the normalised names of wire/reply.ts (CNR's KB spells
// them with underscores: APPLICATION_ID, CREATED_DATE, REGISTRATION_EXPIRATION_DATE).

/**
 * CNR's application statuses (cnr-kb-poc src/content/docs/api/api-command/StatusDomainApplication.md)
 * on the port's. The KB describes UNPAID/PAID as the dormant state before the name's release is
 * scheduled (kb.centralnicreseller.com/domains/backorders); what each other value means is not
 * documented per value, so the grouping below is ASSUMED: UNPAIDREQUESTED waits like UNPAID;
 * REQUESTED, PROCESSING, UNPAIDPROCESSING and HOLD are being worked on; INVALID is a failure.
 * HEXONET's own values (ACTIVE, AUCTION-*) are read as they are, in case a migrated account shows them.
 */
const STATUS_MAP: Record<string, ApplicationStatus> = {
  UNPAID: 'REQUESTED',
  PAID: 'REQUESTED',
  UNPAIDREQUESTED: 'REQUESTED',
  REQUESTED: 'PROCESSING',
  PROCESSING: 'PROCESSING',
  UNPAIDPROCESSING: 'PROCESSING',
  HOLD: 'PROCESSING',
  SUCCESSFUL: 'SUCCESSFUL',
  FAILED: 'FAILED',
  INVALID: 'FAILED',
  ACTIVE: 'ACTIVE',
  'AUCTION-PENDING': 'AUCTION-PENDING',
  'AUCTION-WON': 'AUCTION-WON',
  'AUCTION-LOST': 'AUCTION-LOST',
};

const status = z
  .string()
  .trim()
  .toUpperCase()
  .transform((s, ctx) => {
    const mapped = STATUS_MAP[s];
    if (!mapped)
      ctx.addIssue({ code: 'custom', message: `unknown status ${JSON.stringify(s.slice(0, 40))}` });
    return mapped ?? z.NEVER;
  });

/** CNR's deadline for orders and cancellations (kb.centralnicreseller.com/domains/backorders). */
const finalization = displayOnly(apiDate);

// The KB shows `application = (INT)` beside code and description; the SDK's parser only exposes
// property[...] lines, which is what every other CNR reply uses (ASSUMED: property[application][0]).
export const addApplicationReply = z.object({ APPLICATION: z.string().trim().min(1) });

export const statusApplicationReply = z.object({
  STATUS: status,
  FINALIZATIONDATE: finalization,
  ...auctionFields,
});

export const statusDomainReply = z.object({
  CREATEDDATE: optionalDate,
  REGISTRATIONEXPIRATIONDATE: optionalDate,
});

export const applicationListReply = z.object({
  APPLICATION: z.array(z.string().trim()).default([]),
  STATUS: z.array(status).default([]),
  DOMAIN: z.array(z.string().trim().toLowerCase()).optional(),
  CLASS: z.array(z.string().trim().toUpperCase()).optional(),
  FINALIZATIONDATE: z.array(finalization).optional(),
});

const column = z.array(z.string()).optional();

/**
 * A page of QueryDomainPendingDeleteList. CNR's own page for the command is not readable; HEXONET's
 * (hexonet-api-documentation API/DOMAIN/APPLICATION/QUERYDOMAINPENDINGDELETELIST.md) lists DOMAIN,
 * FINALIZATIONDATE, SCORE, SUBCLASS and the paging counters. A drop-time column (DROPDATE,
 * DELETIONDATE, DELETIONDAY: the command filters by DELETIONDAY) is read when CNR adds one (ASSUMED).
 */
export const pendingDeleteListReply = z.object({
  DOMAIN: z.array(z.string().trim()).default([]),
  DROPDATE: column,
  DELETIONDATE: column,
  DELETIONDAY: column,
  FINALIZATIONDATE: column,
  TOTAL: z.array(z.coerce.number().int().nonnegative()).optional(),
});

export type PendingDeletePage = z.output<typeof pendingDeleteListReply>;
