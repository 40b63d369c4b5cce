// Test connection's answers (backend/console/test-connection.ts ↔ the console's
// IdP Integration page): where the admin's browser goes to start a test, and
// the last outcome — accepted as whom with which groups, or the failing
// check. Shared by the service and the console, so free of runtime imports.
import type { FailureCode } from './failure-codes.ts';

/** A group mapped in step 3, and whether the IdP's groups claim named it. */
export interface GroupMatch {
  id: string | null;
  name: string | null;
  /** The IdP's groups claim names this group, by its ID or (case-insensitively) its name. */
  matched: boolean;
}

export type TestStart =
  | { binding: 'redirect'; url: string }
  /** HTTP-POST IdPs: the console navigates to `url` (ours), which posts the AuthnRequest on. */
  | { binding: 'post'; url: string };

export type TestOutcome =
  | {
      result: 'accepted';
      at: string;
      startedBy: string;
      nameId: string | null;
      profile: { email: string | null; userName: string | null; externalId: string | null; name: string };
      attributes: Record<string, string[]>;
      groups: string[];
      groupsOverage: boolean;
      groupMatch: { admins: GroupMatch; desktopUsers: GroupMatch };
      /** Whether SCIM or an earlier sign-in already knows this user (read only: nobody is created). */
      provisionedUser: { source: string; active: boolean } | null;
      issuer: unknown;
    }
  | {
      result: 'refused';
      at: string;
      startedBy: string;
      code: FailureCode;
      check: string;
      detail: string;
      remedy: string;
      evidence: Record<string, unknown>;
    };

export interface ConnectionTestView {
  last: TestOutcome | null;
  /** A test started and not answered yet (the IdP tab may still be open). */
  pendingSince: string | null;
}
