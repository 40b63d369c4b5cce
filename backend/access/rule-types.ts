// The shape of the access decision (DESIGN.md "Who decides access"): a
// request names the way in and the rules it runs; each rule is a named step
// that reads the database, adds what it found to the state, and either
// returns its evidence (pass) or throws its one coded LatchkeyError (fail).
import type { AccessRuleId } from '../../common/access-check.ts';
import type { FailureCode } from '../../common/failure-codes.ts';
import type { AccountUsersTable, LicensesTable, SublicensesTable } from '../db/schema.ts';
import type { Db } from '../db/types.ts';
import type { UserNames } from './find-user.ts';
import type { ConfiguredGroup, GroupKeys } from './group-rule.ts';
import type { SignInClaim } from './sign-in-claims.ts';

export type Evidence = Record<string, unknown>;

export interface AccessRequest {
  via: 'sso' | 'key';
  /** The email signed in with or asked about; the domain rule reads its domain. */
  email: string | null;
  /** Known from the sign-in, the token or the console session; else the domain rule finds it. */
  accountId: string | null;
  /** An id (access token, check-in, key activation) or the names a SAML profile or a question gives. */
  user: { id: string } | UserNames;
  /** Key ways: a user the names do not find is created as a local user by the activation. */
  createsUser?: boolean;
  /**
   * The SAML groups claim the way in was decided on: this sign-in's (the
   * ACS), or the one bound to the access token's grant (the licensing API,
   * access/sign-in-grant.ts). With SCIM it only names the code of a refusal
   * (Entra's overage); see group-rules.ts for which source wins.
   */
  claim?: SignInClaim | null;
  /**
   * No claim of its own (check-in, the access check, a grant no sign-in
   * recorded): the one remembered from the user's last sign-in
   * (sign-in-claims.ts) stands in.
   */
  lastSignIn?: boolean;
  /** Key activation: the license its key names. */
  license?: LicensesTable;
  /** The device being activated; absent: a new device. */
  deviceId?: string;
  /** The rules this way in runs, in catalog order (a subsequence of accessRuleIds). */
  rules: readonly AccessRuleId[];
}

export interface GroupRow extends GroupKeys {
  display_name: string;
}

/** A seat place: the sublicense of the user's group, or the license's desktop-users pool. */
export interface SeatPlace {
  license: LicensesTable;
  sublicense: SublicensesTable | null;
}

export interface DecisionState {
  accountId: string | null;
  user: AccountUsersTable | null;
  scimGroups: GroupRow[];
  /** The groups claim the group rule counted as membership (an account without SCIM); else empty. */
  claimGroups: string[];
  desktopGroup: ConfiguredGroup;
  /** Every license the way in may use (SSO: the account's, newest first; key: the key's). */
  licenses: LicensesTable[];
  live: LicensesTable[];
  place: SeatPlace | null;
  /** The account's licenses as the account's lock returned them (PostgreSQL), read under it. */
  lockedLicenses: LicensesTable[] | null;
  /** The user's live activations, read once under the lock for the seats and devices rules. */
  userActivations: { userId: string; rows: UserActivation[] } | null;
  /** The seat was taken above its place's count, under the license's overage (access/overage.ts). */
  overCount: boolean;
}

/** What the seats and devices rules need of one of the user's live activations. */
export interface UserActivation {
  device_id: string;
  device_name: string;
  license_id: string;
  sublicense_id: string | null;
  over_count: number | string;
}

export interface AccessRule {
  readonly id: AccessRuleId;
  readonly title: string;
  /** Every code this rule refuses with (the agreement test needs a case for each). */
  readonly codes: readonly FailureCode[];
  check(db: Db, now: Date, request: AccessRequest, state: DecisionState): Promise<Evidence>;
}

export const emptyState = (accountId: string | null): DecisionState => ({
  accountId,
  user: null,
  scimGroups: [],
  claimGroups: [],
  desktopGroup: { id: null, name: null },
  licenses: [],
  live: [],
  place: null,
  lockedLicenses: null,
  userActivations: null,
  overCount: false,
});
