// The console's app invitations (issue 25 item 3; the guide's "Deploying via an
// Invitation Email"): end users invited by email to install the desktop app and
// activate it with SSO. Not the console's own invitations of team members
// (console-api.ts `Invitation`). Written by backend/app-invitations/, read by
// renderer/console/app-invitations/; free of runtime imports.

/** Where an invitation stands, as the list's filter names it. */
export type AppInvitationStatus =
  'queued' | 'sent' | 'opened' | 'activated' | 'failed' | 'not_sent' | 'revoked';

export interface AppInvitation {
  id: string;
  email: string;
  /** The directory group it was invited with (a group invite), else null. */
  groupName: string | null;
  invitedBy: string;
  createdAt: string;
  /** The furthest step reached (revoked wins over all). */
  status: AppInvitationStatus;
  sentAt: string | null;
  openedAt: string | null;
  activatedAt: string | null;
  revokedAt: string | null;
  /** The mail server's answer in words when the last send failed, else null. */
  failure: string | null;
}

export interface AppInvitationPage {
  items: AppInvitation[];
  nextCursor: string | null;
}

/** POST /api/console/app-invitations: typed emails (up to 500) or one directory group. */
export interface AppInvitationRequest {
  emails?: string[];
  groupId?: string;
}

export interface AppInvitationResult {
  /** New invitations made (each gets one email, or a link to copy without SMTP). */
  invited: number;
  /** Emails that already had an invitation (not revoked): left as they were; use Resend. */
  alreadyInvited: number;
  /** Revoked invitations of these emails made live again (and sent again). */
  reinstated: number;
  /** Group members without an email address (a group invite): nobody to send to. */
  withoutEmail: number;
  /** Group members whose email is not in a verified domain of the account: left out (typed ones are a 400). */
  outsideDomains: number;
  /** False when the service has no SMTP server: nothing is emailed, the console offers the links. */
  emailConfigured: boolean;
  /** Without SMTP, for typed emails: each invitee's "Activate Latchkey" link to pass on. */
  links: AppInvitationLink[];
}

export interface AppInvitationLink {
  id: string;
  email: string;
  /** The landing page `/activate/i/<token>` (the token is shown here once, stored hashed). */
  link: string;
}

export interface AppInvitationSettings {
  /** The download link the emails carry: the account's own, else the service's. */
  downloadUrl: string | null;
  /** True when the account set its own. */
  custom: boolean;
  /** The service's default (LATCHKEY_APP_DOWNLOAD_URL), null when unset. */
  serviceDefault: string | null;
  emailConfigured: boolean;
}
