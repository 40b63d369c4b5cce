// Verifies the signed license offline: the JWS against a signing key certified
// by the root of the app's trust anchor (never a key the data folder names),
// bound to this device, and judged against the lease: valid, renewal due, or
// expired.
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { licenseTokenType, type LicenseClaims } from '../../common/license-claims.ts';
import { certifiedKeyFor, KeyNotCertified } from './trust/certified-keys.ts';
import type { TrustAnchor } from './trust/trust-anchor.ts';

export type LicenseState =
  | { status: 'valid'; claims: LicenseClaims; leaseEndsAt: Date; renewAfter: Date }
  | { status: 'renewal-due'; claims: LicenseClaims; leaseEndsAt: Date; renewAfter: Date }
  | { status: 'expired'; claims: LicenseClaims; leaseEndsAt: Date };

/** The license itself is wrong: edited, another device, another issuer. */
export class LicenseRejected extends Error {
  override name = 'LicenseRejected';
}

/** The license's signing key is not certified by the app's root (LICENSE_UNTRUSTED). */
export class LicenseUntrusted extends LicenseRejected {
  override name = 'LicenseUntrusted';
}

export interface VerifyOptions {
  anchor: TrustAnchor;
  /** Key certificates (from the server or the cache); each is checked against the anchor's root. */
  certificates: readonly string[];
  issuer: string;
  deviceId: string;
  now: Date;
}

export async function verifyLicense(license: string, options: VerifyOptions): Promise<LicenseState> {
  let kid: string | undefined;
  try {
    const header = decodeProtectedHeader(license);
    if (header.alg !== 'EdDSA') throw new Error(`unexpected algorithm ${String(header.alg)}`);
    kid = header.kid;
  } catch (err) {
    throw new LicenseRejected(`the license does not verify: ${(err as Error).message}`, { cause: err });
  }
  if (!kid) throw new LicenseUntrusted('the license names no signing key');
  let certified;
  try {
    certified = await certifiedKeyFor(kid, options.certificates, options.anchor, options.now);
  } catch (err) {
    if (err instanceof KeyNotCertified) throw new LicenseUntrusted(err.message, { cause: err });
    throw err;
  }
  let claims: LicenseClaims;
  try {
    // The lease is judged below, so an expired license still verifies here (its signature is what matters).
    const { payload } = await jwtVerify(license, certified.key, {
      issuer: options.issuer,
      algorithms: ['EdDSA'],
      typ: licenseTokenType,
      currentDate: new Date(0),
    });
    claims = payload as unknown as LicenseClaims;
  } catch (err) {
    throw new LicenseRejected(`the license does not verify: ${(err as Error).message}`, { cause: err });
  }
  // The root vouches for the key only inside the certification's validity: a license dated outside it is not vouched for.
  if (claims.iat < certified.notBefore || claims.iat > certified.expiresAt)
    throw new LicenseUntrusted(`the license was signed outside its key's certification (key ${kid})`);
  if (claims.dev !== options.deviceId) throw new LicenseRejected('the license belongs to another device');
  const leaseEndsAt = new Date(claims.exp * 1000);
  const renewAfter = new Date(claims.renew_after * 1000);
  if (options.now >= leaseEndsAt) return { status: 'expired', claims, leaseEndsAt };
  return { status: options.now >= renewAfter ? 'renewal-due' : 'valid', claims, leaseEndsAt, renewAfter };
}
