// The console's directory views (GET /api/console/directory/users, /directory/groups,
// /license-usage):
// users with their groups and device counts, groups with member counts, and
// per-license seat use. Written by backend/console/directory-queries.ts,
// read by the console; free of runtime imports.

/** A user of the account as the console lists them. */
export interface AccountUserView {
  id: string;
  userName: string;
  email: string | null;
  displayName: string | null;
  source: string;
  active: boolean;
  isOwner: boolean;
  hasPassword: boolean;
  lastLoginAt: string | null;
}

/** The Users screen's row: the user with their groups and active devices. */
export interface DirectoryUser extends AccountUserView {
  groups: { id: string; name: string }[];
  activeDevices: number;
  /**
   * An account without SCIM (step 5): the groups claim of the user's last SSO sign-in is their
   * membership, and where it comes from ("from the sign-in of …, no SCIM"); null with SCIM.
   */
  claimMembership: { groups: string[]; from: string } | null;
}

export interface DirectoryGroup {
  id: string;
  name: string;
  externalId: string | null;
  members: number;
}

/** A license's overage in use (backend/access/overage.ts): "27 of 25 seats (2 over, allowed to 30)". */
export interface LicenseOverageUsage {
  /** Up to this many % over the seat count (0: off). */
  overagePercent: number;
  /** Seats held above their place's own count (the pool's or a sublicense's). */
  overSeats: number;
  /** The most seat holders allowed: floor(seats × (1 + overagePercent/100)). */
  ceiling: number;
}

export interface LicenseUsage extends LicenseOverageUsage {
  licenseId: string;
  /** Seats count users, not devices (backend/access/seat-rules.ts). */
  seatsUsed: number;
  sublicenses: { id: string; seatsUsed: number }[];
  // A license's devices are a paged list of their own: GET /api/console/activations?license=… (issue 23 item 8).
}
