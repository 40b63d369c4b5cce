// The answer to "Why can't this user activate?" (GET /api/console/access-check,
// `latchkey-server why`): the access decision's rules in the order a real
// activation meets them, each with its verdict and evidence. The service, the
// console and the QA scenarios read this one shape, so it stays free of
// runtime imports.
import type { FailureCode } from './failure-codes.ts';

/** The rules of one activation, in the order the decision meets them (DESIGN.md steps 1–6). */
export const accessRuleIds = [
  'domain', // the email's domain is claimed by an account and verified
  'integration', // that account's IdP integration is active
  'user', // the user is provisioned (SCIM, JIT or local) and not deleted
  'active', // the user is active
  'group', // in the desktop-users group or a group holding a sublicense (SCIM or the SAML claim)
  'license', // the account has a live license
  'seats', // a seat is free in the pool or sublicense (or the user already holds one)
  'devices', // a device slot is free (or this device already holds one)
] as const;
export type AccessRuleId = (typeof accessRuleIds)[number];

export type AccessVerdict = 'pass' | 'fail' | 'not-reached';

export interface AccessRuleResult {
  readonly rule: AccessRuleId;
  /** One line for the admin, e.g. "In the desktop-users group". */
  readonly title: string;
  readonly verdict: AccessVerdict;
  /** The code a real activation is refused with when this rule fails. */
  readonly code: FailureCode | null;
  /** What was looked at: group names and where they came from, seats used/total, … */
  readonly evidence: Readonly<Record<string, unknown>>;
  /** The catalog's admin remedy, when the rule fails. */
  readonly remedy: string | null;
}

export interface AccessCheck {
  readonly email: string;
  readonly userId: string | null;
  /** 'key' when the check follows a key activation (no domain, integration or group rules). */
  readonly via: 'sso' | 'key';
  readonly allowed: boolean;
  /** The first failing rule's code: what a real activation would be refused with now. */
  readonly code: FailureCode | null;
  readonly rules: readonly AccessRuleResult[];
  /** When the check was made (the service's clock). */
  readonly checkedAt: string;
}
