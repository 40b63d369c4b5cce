// Which license signing keys the app accepts: only a key certified by a root
// of its trust anchor, checked at every verification (DESIGN.md, "Trust").
// The certificates themselves may come from anywhere — the server, the cache
// in the data folder — because each is verified against the built-in root.
import { createLocalJWKSet, decodeJwt, importJWK, jwtVerify, type CryptoKey } from 'jose';
import { keyCertificateType, type KeyCertificateClaims } from '../../../common/trust-anchor.ts';
import type { TrustAnchor } from './trust-anchor.ts';

export interface CertifiedKey {
  key: CryptoKey;
  /** The certification's validity (seconds since the epoch). */
  notBefore: number;
  expiresAt: number;
}

/** No certificate under the anchor's root vouches for the key; `reasons` says what was tried. */
export class KeyNotCertified extends Error {
  override name = 'KeyNotCertified';
}

/**
 * The public key certified for `kid` at `now`. Each certificate naming the kid
 * is verified against the anchor's roots (EdDSA only, typ pinned, nbf/exp at now).
 */
export async function certifiedKeyFor(
  kid: string,
  certificates: readonly string[],
  anchor: TrustAnchor,
  now: Date,
): Promise<CertifiedKey> {
  if (!anchor.roots.length) throw new KeyNotCertified(anchor.problem ?? 'the app has no root of trust');
  const roots = createLocalJWKSet({ keys: anchor.roots });
  const reasons: string[] = [];
  for (const certificate of certificates) {
    if (claimedSubject(certificate) !== kid) continue;
    try {
      const { payload } = await jwtVerify(certificate, roots, {
        algorithms: ['EdDSA'],
        typ: keyCertificateType,
        requiredClaims: ['sub', 'nbf', 'exp'],
        currentDate: now,
        clockTolerance: 0,
      });
      const claims = payload as unknown as KeyCertificateClaims;
      if (claims.use !== 'license') throw new Error('the certificate is not for license signing');
      const { jwk } = claims;
      if (jwk?.kty !== 'OKP' || jwk.crv !== 'Ed25519' || jwk.kid !== kid || 'd' in jwk)
        throw new Error('the certified key is not the Ed25519 public key named by the license');
      return {
        key: (await importJWK({ kty: jwk.kty, crv: jwk.crv, x: jwk.x }, 'EdDSA')) as CryptoKey,
        notBefore: claims.nbf,
        expiresAt: claims.exp,
      };
    } catch (err) {
      reasons.push((err as Error).message);
    }
  }
  throw new KeyNotCertified(
    reasons.length
      ? `the signing key ${kid} is not certified by the app's root: ${reasons.join('; ')}`
      : `no certificate by the app's root names the signing key ${kid}`,
  );
}

/** The unverified `sub`, only to pick candidates; a garbled certificate is skipped. */
function claimedSubject(certificate: string): string | undefined {
  try {
    const { sub } = decodeJwt(certificate);
    return sub;
  } catch {
    return undefined;
  }
}
