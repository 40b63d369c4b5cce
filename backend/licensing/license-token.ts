// Signs a license as a compact JWS (EdDSA) whose kid is in the service's JWKS.
import { randomUUID } from 'node:crypto';
import { licenseIssuerSuffix, licenseTokenType, type LicenseClaims } from '../../common/license-claims.ts';
import type { Clock } from '../clock.ts';
import { signCompactEdDsa } from '../crypto/ed25519-jws.ts';
import type { Db } from '../db/types.ts';
import { currentSigningKey } from './signing-keys.ts';

/** Who holds the license, as the service stores them (licensing/license-holder.ts). */
export interface LicenseHolder {
  email: string | null;
  name: string | null;
}

export interface LicenseTerms {
  userId: string;
  holder: LicenseHolder;
  accountId: string;
  licenseId: string;
  sublicenseId: string | null;
  edition: string;
  deviceId: string;
  activationId: string;
  subscriptionEnd: Date;
  leaseEnd: Date;
  renewAfter: Date;
}

const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

export async function signLicense(
  db: Db,
  clock: Clock,
  masterKey: Buffer,
  publicUrl: string,
  t: LicenseTerms,
): Promise<string> {
  const key = await currentSigningKey(db, clock, masterKey);
  const claims: LicenseClaims = {
    iss: `${publicUrl}${licenseIssuerSuffix}`,
    sub: t.userId,
    email: t.holder.email,
    name: t.holder.name,
    acc: t.accountId,
    lic: t.licenseId,
    sublic: t.sublicenseId,
    edition: t.edition,
    dev: t.deviceId,
    act: t.activationId,
    sub_end: seconds(t.subscriptionEnd),
    exp: seconds(t.leaseEnd),
    renew_after: seconds(t.renewAfter),
    iat: seconds(clock.now()),
    jti: randomUUID(),
  };
  // Signed on this thread, not libuv's pool: see crypto/ed25519-jws.ts.
  return signCompactEdDsa({ kid: key.kid, typ: licenseTokenType }, claims, key.privateKey);
}
