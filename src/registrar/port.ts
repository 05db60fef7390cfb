import type { RegistrantContact } from './contact.ts';

// What the lifecycle engine needs from a registrar. Every method throws RegistrarError (src/errors.ts)
// when the registrar refuses or cannot be reached: `temporary` says whether the same call may succeed
// later; `registrarCode` carries HEXONET's code (see codes.ts), the sandbox speaks the same codes.

export { RegistrantContact } from './contact.ts';

export const APPLICATION_STATUSES = [
  'REQUESTED',
  'ACTIVE',
  'PROCESSING',
  'SUCCESSFUL',
  'FAILED',
  'AUCTION-PENDING',
  'AUCTION-WON',
  'AUCTION-LOST',
] as const;

export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export interface NewApplication {
  /** ASCII (punycode) name, as stored on the backorder */
  fqdn: string;
  dropAt: Date | null;
  /** the customer's registrant data; without it the reseller's default contact is the owner */
  contact?: RegistrantContact;
  /** our backorder id: lets the sandbox derive the application id, and shows up in logs */
  reference: string;
  /** send as the registrar's Lite class where it has one */
  lite?: boolean;
}

export interface FoundApplication {
  application: string;
  status: ApplicationStatus;
  /** the registrar's finalization date when it returns one */
  finalizesAt?: Date;
}

export interface UpstreamAuction {
  url?: string;
  endsAt?: Date;
  /** as the registrar shows it (amount, possibly with currency), for display only */
  bestBid?: string;
}

export interface ApplicationState {
  status: ApplicationStatus;
  auction?: UpstreamAuction;
  /** the registrar's finalization date when it returns one */
  finalizesAt?: Date;
}

export interface RegisteredDomain {
  createdAt?: Date;
  expiresAt?: Date;
}

export interface Registrar {
  readonly kind: 'sandbox' | 'ispapi' | 'cnr';
  /** true only for cnr */
  readonly liteClass: boolean;
  /** Send one backorder application. A temporary error leaves the outcome unknown: ask findApplication before sending again. */
  addApplication(input: NewApplication): Promise<{ application: string }>;
  /**
   * Recovery after a crash or an unknown outcome: an application for this name, or null.
   * `excluding` lists application ids already stored on other backorders (open or finished) so one
   * upstream application is never adopted by two backorders.
   */
  findApplication(fqdn: string, opts?: { excluding?: readonly string[] }): Promise<FoundApplication | null>;
  applicationStatus(application: string): Promise<ApplicationState>;
  /** Dates of a caught name; a field the registrar does not report is left out. */
  domainStatus(fqdn: string): Promise<RegisteredDomain>;
  /** Cancel upstream; code 552 (not temporary) when the application can no longer be deleted. */
  deleteApplication(application: string): Promise<void>;
  checkAuthentication(): Promise<void>;
}
