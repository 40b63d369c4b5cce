// The signed license's claims: the wire contract between the service (which
// signs) and the desktop app (which verifies offline with the JWKS).
export const licenseIssuerSuffix = '/api/v1';
export const licenseTokenType = 'latchkey-license+jwt';

export interface LicenseClaims {
  /** Issuer: the service's public URL + /api/v1. */
  iss: string;
  /** The user (account_users.id). */
  sub: string;
  /**
   * The holder as the service knows them (their provisioned email, else userName, and display name):
   * what the app says the license is for — never the email typed into the app (DESIGN.md, flow step 9).
   * Absent from licenses signed before the service named holders; the app then names the account's user.
   */
  email?: string | null;
  name?: string | null;
  /** The business account. */
  acc: string;
  /** The license and, when the seat comes from a group's share, the sublicense. */
  lic: string;
  sublic: string | null;
  edition: string;
  /** The device this license is bound to (a hash of the machine id). */
  dev: string;
  /** The activation this license renews. */
  act: string;
  /** End of the subscription (seconds since the epoch). */
  sub_end: number;
  /** Lease end: the app works offline until then. */
  exp: number;
  /** The app checks in after this (seconds since the epoch). */
  renew_after: number;
  iat: number;
  jti: string;
}
