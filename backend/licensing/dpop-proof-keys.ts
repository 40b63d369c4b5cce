// The public keys of DPoP proofs (RFC 9449 §4.2: the key travels in the
// proof's own header), imported once per key instead of once per request: a
// device sends the same header with every proof it signs, so the header as
// sent is the cache's key, and its thumbprint (RFC 7638) is computed once
// with it. Bounded and least-recently-used first out, since anyone may send a
// header; keyed by outside input, hence a Map.
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';

export interface ProofKey {
  key: KeyObject;
  /** RFC 7638 thumbprint of the header's JWK: what a bound token's `cnf.jkt` names. */
  thumbprint: string;
}

/** Enough for the devices that check in within a few minutes on one node; a few MiB at most. */
export const proofKeyCacheSize = 2000;

const cache = new Map<string, ProofKey>();

/**
 * The key of a proof's header, as the header segment was sent. `checkedJwk` parses and checks
 * the header (typ, alg) and gives its JWK: only on a miss, so a header is checked once. Undefined
 * when the header fails its checks or the JWK is no usable public key (neither is kept).
 */
export function proofKeyFor(
  encodedHeader: string,
  checkedJwk: () => Record<string, unknown> | undefined,
): ProofKey | undefined {
  const cached = cache.get(encodedHeader);
  if (cached) {
    // Most recently used last: the oldest entry is the first to go.
    cache.delete(encodedHeader);
    cache.set(encodedHeader, cached);
    return cached;
  }
  const jwk = checkedJwk();
  const imported = jwk && importProofKey(jwk);
  if (!imported) return undefined;
  if (cache.size >= proofKeyCacheSize) cache.delete(cache.keys().next().value as string);
  cache.set(encodedHeader, imported);
  return imported;
}

/** How many keys are kept now (tests: the bound holds). */
export const cachedProofKeys = (): number => cache.size;

function importProofKey(jwk: Record<string, unknown>): ProofKey | undefined {
  const { kty, crv, x, y } = jwk;
  // RFC 9449 §4.3 check 7: a public key only — a JWK with its private part is refused.
  if (kty !== 'EC' || crv !== 'P-256' || typeof x !== 'string' || typeof y !== 'string' || 'd' in jwk)
    return undefined;
  let key: KeyObject;
  try {
    // Refuses a point that is not on the curve.
    key = createPublicKey({ key: { kty, crv, x, y }, format: 'jwk' });
  } catch {
    return undefined;
  }
  // RFC 7638 §3.2: the required members of an EC key, in lexicographic order, no whitespace.
  const canonical = JSON.stringify({ crv, kty, x, y });
  return { key, thumbprint: createHash('sha256').update(canonical).digest('base64url') };
}
