// Backorder statuses (the original's names) and which moves between them are allowed.

export const STATUSES = [
  'REQUESTED',
  'ACTIVE',
  'PROCESSING',
  'PENDING-PAYMENT',
  'SUCCESSFUL',
  'FAILED',
  'AUCTION-PENDING',
  'AUCTION-WON',
  'AUCTION-LOST',
  'CANCELLED',
] as const;

export type Status = (typeof STATUSES)[number];

export const OPEN_STATUSES: readonly Status[] = [
  'REQUESTED',
  'ACTIVE',
  'PROCESSING',
  'PENDING-PAYMENT',
  'AUCTION-PENDING',
];
export const FINAL_STATUSES: readonly Status[] = [
  'SUCCESSFUL',
  'FAILED',
  'AUCTION-WON',
  'AUCTION-LOST',
  'CANCELLED',
];
export const CANCELLABLE_STATUSES: readonly Status[] = ['REQUESTED', 'ACTIVE'];

const TRANSITIONS: Record<Status, readonly Status[]> = {
  REQUESTED: ['ACTIVE', 'FAILED', 'CANCELLED'],
  ACTIVE: ['PROCESSING', 'FAILED', 'CANCELLED', 'REQUESTED'],
  PROCESSING: ['PENDING-PAYMENT', 'SUCCESSFUL', 'FAILED', 'AUCTION-PENDING', 'CANCELLED'],
  'PENDING-PAYMENT': ['SUCCESSFUL', 'FAILED'],
  'AUCTION-PENDING': ['AUCTION-WON', 'AUCTION-LOST', 'FAILED'],
  SUCCESSFUL: [],
  FAILED: [],
  'AUCTION-WON': [],
  'AUCTION-LOST': [],
  CANCELLED: [],
};

export const isStatus = (s: string): s is Status => (STATUSES as readonly string[]).includes(s);
export const isOpen = (s: string): boolean => (OPEN_STATUSES as readonly string[]).includes(s);
export const canTransition = (from: Status, to: Status): boolean => TRANSITIONS[from].includes(to);

/** Windows of the original, in ms before the drop. */
export const ACTIVATION_WINDOW_MS = 259_200_000; // 3 days
export const PROCESSING_WINDOW_MS = 7_200_000; // 2 hours
export const STALE_AFTER_DROP_MS = 172_800_000; // 2 days
