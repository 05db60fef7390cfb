// Why a backorder failed, as a code rather than a sentence: the customer reads it in their language
// (`backorder-failed` in locales/*/notifications.ftl), the audit log keeps the English below. A code
// travels in outbox rows that another version may render, so a code is added, never renamed.

export const FAILURE_REASONS = [
  'lost',
  'no-result',
  'not-taken',
  'refused',
  'zone-withdrawn',
  'no-funds',
  'not-sent',
  'outranked',
  'lite-withdrawn',
] as const;

export type FailureReason = (typeof FAILURE_REASONS)[number];

/** The audit log's words, also sent as `reason` for dispatchers that predate the codes. */
export const FAILURE_LOG_TEXT: Record<FailureReason, string> = {
  lost: 'the name went to someone else',
  'no-result': 'the registrar gave no result within 2 days of the drop',
  'not-taken': 'the registrar could not take the application in time',
  refused: 'the registrar refused the application',
  'zone-withdrawn': 'the zone is no longer offered',
  'no-funds': 'the drop passed without enough funds to activate the backorder',
  'not-sent': 'the drop passed before the application could be sent',
  outranked: 'another backorder of ours had priority (regular before Lite, then the earliest Lite)',
  'lite-withdrawn': 'Backorder Lite is no longer offered in the zone',
};
