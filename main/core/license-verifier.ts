// Verifies the signed license offline: the JWS against the service's JWKS as
// pinned at first activation (never fetched afresh to decide), bound to this
// device, and judged against the lease: valid, renewal due, or expired.
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { licenseTokenType, type LicenseClaims } from '../../common/license-claims.ts';

export type LicenseState =
  | { status: 'valid'; claims: LicenseClaims; leaseEndsAt: Date; renewAfter: Date }
  | { status: 'renewal-due'; claims: LicenseClaims; leaseEndsAt: Date; renewAfter: Date }
  | { status: 'expired'; claims: LicenseClaims; leaseEndsAt: Date };

export class LicenseRejected extends Error {
  override name = 'LicenseRejected';
  /** Signed by a key the pinned JWKS does not hold (the service rotated its key). */
  get unknownKey(): boolean {
    return (this.cause as { code?: string } | undefined)?.code === 'ERR_JWKS_NO_MATCHING_KEY';
  }
}

export interface VerifyOptions {
  pinnedJwks: JSONWebKeySet;
  issuer: string;
  deviceId: string;
  now: Date;
}

export async function verifyLicense(license: string, options: VerifyOptions): Promise<LicenseState> {
  let claims: LicenseClaims;
  try {
    // The lease is judged below, so an expired license still verifies here (its signature is what matters).
    const { payload, protectedHeader } = await jwtVerify(license, createLocalJWKSet(options.pinnedJwks), {
      issuer: options.issuer,
      algorithms: ['EdDSA'],
      typ: licenseTokenType,
      currentDate: new Date(0),
    });
    if (protectedHeader.alg !== 'EdDSA') throw new LicenseRejected('unexpected algorithm');
    claims = payload as unknown as LicenseClaims;
  } catch (err) {
    throw new LicenseRejected(`the license does not verify: ${(err as Error).message}`, { cause: err });
  }
  if (claims.dev !== options.deviceId) throw new LicenseRejected('the license belongs to another device');
  const leaseEndsAt = new Date(claims.exp * 1000);
  const renewAfter = new Date(claims.renew_after * 1000);
  if (options.now >= leaseEndsAt) return { status: 'expired', claims, leaseEndsAt };
  return { status: options.now >= renewAfter ? 'renewal-due' : 'valid', claims, leaseEndsAt, renewAfter };
}
