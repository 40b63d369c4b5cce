// The console API's answers (/api/console): defined once, here. The service
// builds them (backend/console, integration, domains, licensing, scim, audit)
// and the console reads them (renderer/console/api/types.ts re-exports them),
// so a field renamed on one side fails to compile on the other.
/** The signed-in admin in the current workspace (the Latchkey-Workspace header's, else the first). */
export interface Me {
  email: string;
  via: 'password' | 'sso' | 'backup';
  expiresAt: string;
  account: { id: string; name: string; createdAt: string };
  /** Every business account this session may administer, first signed-in first. */
  workspaces: Workspace[];
}

/** One workspace of the session: a business account and who is signed in to it, how. */
export interface Workspace {
  accountId: string;
  name: string;
  via: Me['via'];
  /** Your email (or user name) in that account. */
  email: string;
}

export type StepKey =
  'domains' | 'sp_registration' | 'group_mapping' | 'saml' | 'scim' | 'users_assigned' | 'backup_login';

export interface StepState {
  number: number;
  key: StepKey;
  title: string;
  state: 'gray' | 'green';
  missing: string[];
}

export interface CertificateInfo {
  subject: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
  fingerprintSha256: string;
}

export type AttributePreset = 'generic' | 'entra' | 'okta' | 'ping' | 'jumpcloud' | 'google';

export interface Integration {
  status: 'inactive' | 'active';
  activatedAt: string | null;
  canActivate: boolean;
  steps: StepState[];
  sp: {
    entityId: string;
    acsUrl: string;
    metadataUrl: string;
    scimBaseUrl: string;
    signAuthnRequests: boolean;
    encryptAssertions: boolean;
    requireSignedResponse: boolean;
    allowIdpInitiated: boolean;
    clockSkewSeconds: number;
    allowSha1: boolean;
    /** Options that are on and weaken security, with why (the service's words). */
    weakOptions: { option: 'allowSha1'; reason: string }[];
  };
  idp: {
    entityId: string | null;
    ssoUrl: string | null;
    ssoBinding: 'redirect' | 'post';
    attributePreset: AttributePreset;
    certificates: CertificateInfo[];
    /** The metadata URL step 4 follows: when a good copy was last fetched, and why the last try failed. */
    metadata: MetadataUrlState | null;
  };
  groups: {
    admins: { name: string | null; id: string | null };
    desktopUsers: { name: string | null; id: string | null };
  };
  /** Step 5: SCIM, or users created at their first sign-in (renewing within N days of it). */
  scim: { activeTokens: number; provisioning: 'scim' | 'jit'; renewWithinDays: number };
  backupLogin: { userId: string; email: string } | null;
}

export interface MetadataUrlState {
  url: string;
  fetchedAt: string | null;
  checkedAt: string | null;
  error: string | null;
}

export interface MetadataImport extends Integration {
  import: { warnings: string[]; refusedCertificates: unknown[] };
}

export interface Domain {
  id: string;
  domain: string;
  verified: boolean;
  verifiedAt: string | null;
  lastCheckedAt: string | null;
  lastCheckError: string | null;
  record: { host: string; type?: string; value: string };
  createdAt: string;
  /** Another account has added this domain too (not verified): the first to verify it keeps it. */
  claimedElsewhere: boolean;
}

/** A pending claim of this account voided because another account verified the domain first. */
export interface LostDomainClaim {
  domain: string;
  lostAt: string;
}

export interface ScimToken {
  id: string;
  label: string;
  /** The last 4 characters, the only part shown after creation; null for a token from before they were kept. */
  lastCharacters: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** A SCIM OAuth 2.0 client (client credentials): its secrets are shown once, then by id and last characters. */
export interface ScimClient {
  clientId: string;
  label: string;
  createdAt: string;
  revokedAt: string | null;
  secrets: ScimClientSecret[];
}

export interface ScimClientSecret {
  id: string;
  /** The secret's last 4 characters; null for one made before they were kept (migration 0018). */
  lastCharacters: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface Activation {
  id: string;
  userId: string;
  userName: string;
  licenseId: string;
  deviceName: string;
  os: string;
  appVersion: string;
  createdAt: string;
  lastCheckInAt: string;
  leaseExpiresAt: string;
  revokedAt: string | null;
  revokedReason: string | null;
  sublicenseId: string | null;
  /** Its user took a seat above the license's count, under its overage (issue 23 item 3). */
  overCount: boolean;
}

export interface License {
  id: string;
  key: string;
  edition: string;
  seats: number;
  deviceLimit: number;
  expiresAt: string;
  expired: boolean;
  createdAt: string;
  /** Up to this many % over `seats` (0: off); PUT /api/console/licenses/:id/overage sets it. */
  overagePercent: number;
}

/** The answer to PUT /api/console/licenses/:id/overage: the most seat holders now allowed. */
export interface LicenseOverage {
  licenseId: string;
  percent: number;
  seats: number;
  /** floor(seats × (1 + percent/100)). */
  ceiling: number;
}

export interface Sublicense {
  id: string;
  groupId: string;
  groupName: string;
  seats: number;
  createdAt: string;
}

export interface Attempt {
  id: number;
  email: string | null;
  stage: string;
  outcome: 'success' | 'failure';
  code: string | null;
  evidence: Record<string, unknown>;
  at: string;
}

export interface AuditEntry {
  id: number;
  accountId: string | null;
  /** `user:<email>`, `cli`, `scim-token:<id>`, `system`. */
  actor: string;
  action: string;
  target: string | null;
  detail: Record<string, unknown>;
  at: string;
}

/** Issue 22 item 7: whom an invitation makes of the invitee. */
export type InvitationRole = 'console_admin' | 'backup_login';

/** A pending invitation to the console (Users page). */
export interface Invitation {
  id: string;
  email: string;
  role: InvitationRole;
  invitedBy: string;
  createdAt: string;
  expiresAt: string;
  expired: boolean;
}

/** The answer to an invitation or a new link: the one-time link, shown once. */
export interface IssuedInvitationLink {
  invitation: Invitation;
  link: string;
}

/** What the signed-out accept page shows before the password is set. */
export interface InvitationDetails {
  accountName: string;
  email: string;
  role: InvitationRole;
  invitedBy: string;
  expiresAt: string;
  /** A console admin in one of the account's verified domains while SSO is active: signs in with SSO. */
  ssoRequired: boolean;
}

/** After accepting: signed in (a console session), or the password is set but SSO is the way in. */
export interface InvitationAccepted {
  accountId: string;
  signedIn: boolean;
}

/** A Business Profile contact: who to reach (name and email), optionally by phone. */
export interface ProfileContact {
  name: string;
  email: string;
  phone: string | null;
}

/** The Business Profile's General section (GET/PUT /api/console/profile). */
export interface BusinessProfile {
  name: string;
  contacts: { primary: ProfileContact | null; billing: ProfileContact | null };
  /** The account's domains at a glance (managed in step 1 of the IdP Integration). */
  domains: { domain: string; verified: boolean }[];
}

/** What PUT /api/console/profile takes: the company name and both contacts (null clears one). */
export interface BusinessProfileUpdate {
  name: string;
  contacts: { primary: ProfileContact | null; billing: ProfileContact | null };
}

/** One page of a console list, newest or first in its order; `nextCursor` null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Issue 23 item 2: a license's reclamation policy (GET/PUT /api/console/licenses/:id/reclamation). */
export interface ReclamationPolicy {
  licenseId: string;
  /** Release devices silent for this many days (at least 7); null: off (the default). */
  silentDays: number | null;
  updatedAt: string | null;
  updatedBy: string | null;
}

/** One device a reclamation would release (or released). */
export interface ReclamationDevice {
  activationId: string;
  licenseId: string;
  userId: string;
  email: string | null;
  deviceName: string;
  os: string;
  lastCheckInAt: string;
  /** Whole days since its last check-in, at the preview's (or the run's) moment. */
  silentDays: number;
}

/** "These 37 devices of 29 users would be released": exact counts, a bounded list (oldest first). */
export interface ReclamationPreview {
  asOf: string;
  devices: number;
  users: number;
  /** At most `listLimit` devices, the longest silent first. */
  list: ReclamationDevice[];
  listLimit: number;
}

/** What a run released: exact counts, a bounded list; `kept` checked in (or were revoked) meanwhile. */
export interface ReclamationRun {
  ranAt: string;
  released: number;
  users: number;
  kept: number;
  list: ReclamationDevice[];
  listLimit: number;
}
